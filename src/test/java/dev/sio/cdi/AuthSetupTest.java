package dev.sio.cdi;

import dev.sio.auth.DevTokenIssuer;
import dev.sio.auth.JwtSettings;
import dev.sio.auth.MapConfig;
import dev.sio.auth.TokenRejectedException;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The security defaults: no development mode unless asked for, no start without a key. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AuthSetupTest {

    private static final String JWKS = new JsonWebKeySet(List.<JsonWebKey>of(AuthHarness.KEY))
            .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);

    private static GatewayExtension.GatewayBinding binding(Class<?> gateway) {
        return new GatewayExtension.GatewayBinding(null, GatewayModels.read(gateway, new java.util.ArrayList<>()));
    }

    @SocketGateway(namespace = "/chat")
    @jakarta.annotation.security.RolesAllowed("**")
    static class NeedsTokens {
    }

    @SocketGateway(namespace = "/switched", enabledIf = "switched.enabled")
    @jakarta.annotation.security.RolesAllowed("**")
    static class SwitchedOff {
    }

    @SocketGateway(namespace = "/plain")
    static class Plain {
    }

    @Test
    void development_mode_is_off_by_default() {
        assertFalse(AuthSetup.devMode(new MapConfig(Map.of())));
        AuthSetup production = AuthSetup.from(new MapConfig(Map.of(JwtSettings.PUBLIC_KEY, JWKS)), List.of("x"));
        assertNull(production.devIssuer(), "no development issuer, hence no token endpoint");
        assertNotNull(production.verifier());
    }

    @Test
    void development_mode_takes_only_an_explicit_true() {
        assertTrue(AuthSetup.devMode(new MapConfig(Map.of(AuthSetup.DEV_MODE, "TRUE"))));
        assertFalse(AuthSetup.devMode(new MapConfig(Map.of(AuthSetup.DEV_MODE, "false"))));
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> AuthSetup.devMode(new MapConfig(Map.of(AuthSetup.DEV_MODE, "yes"))));
        assertTrue(typo.getMessage().contains("socketio.auth.dev-mode must be true or false"), typo.getMessage());
    }

    @Test
    void a_gateway_that_needs_tokens_does_not_start_without_a_verification_key() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GatewayExtension.setUpAuth(new MapConfig(Map.of()), List.of(binding(NeedsTokens.class), binding(Plain.class))));
        assertTrue(e.getMessage().startsWith(NeedsTokens.class.getName() + " (namespace /chat) requires authentication, "
                + "but no token verification key is configured: set mp.jwt.verify.publickey.location"), e.getMessage());
        assertTrue(e.getMessage().contains("socketio.auth.dev-mode=true"), e.getMessage());
    }

    @Test
    void without_such_a_gateway_enabled_no_key_is_needed() {
        assertEquals(AuthSetup.NONE, GatewayExtension.setUpAuth(new MapConfig(Map.of()),
                List.of(binding(Plain.class), binding(SwitchedOff.class))));
        assertThrows(IllegalStateException.class, () -> GatewayExtension.setUpAuth(
                new MapConfig(Map.of("switched.enabled", "true")), List.of(binding(SwitchedOff.class))));
    }

    @Test
    void a_token_of_a_development_key_is_refused_in_the_default_setting() {
        AuthSetup production = AuthSetup.from(new MapConfig(Map.of(JwtSettings.PUBLIC_KEY, JWKS)), List.of("x"));
        String devToken = new DevTokenIssuer(AuthSetup.DEV_ISSUER, Duration.ofMinutes(5)).mint("mallory", "Mallory", Set.of("admin"));
        TokenRejectedException refused = assertThrows(TokenRejectedException.class, () -> production.verifier().verify(devToken));
        assertEquals("invalid token: unknown key", refused.getMessage());
    }

    @Test
    void development_mode_makes_a_key_pair_whose_tokens_alone_are_accepted() throws Exception {
        AuthSetup dev = AuthSetup.from(new MapConfig(Map.of(AuthSetup.DEV_MODE, "true",
                AuthSetup.DEV_TOKEN_LIFETIME, "120", JwtSettings.PUBLIC_KEY, JWKS,
                JwtSettings.TOKEN_HEADER, "Cookie")), List.of());
        assertNotNull(dev.devIssuer());
        var token = dev.verifier().verify(dev.devIssuer().mint("alice", "Alice", Set.of("admin")));
        assertEquals("alice", token.getSubject());
        assertEquals(Set.of("admin"), token.getGroups());
        long lifetime = token.getExpirationTime() - token.getIssuedAtTime();
        assertEquals(120, lifetime);
        assertEquals("Cookie", dev.settings().tokenHeader(), "where tokens are looked for stays configurable");
        assertThrows(TokenRejectedException.class, () -> dev.verifier().verify(AuthHarness.token("sso-user")),
                "the configured SSO key is ignored in development mode");
    }

    @Test
    void a_bad_development_token_lifetime_is_named() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthSetup.from(
                new MapConfig(Map.of(AuthSetup.DEV_MODE, "true", AuthSetup.DEV_TOKEN_LIFETIME, "-5")), List.of()));
        assertTrue(e.getMessage().contains(AuthSetup.DEV_TOKEN_LIFETIME), e.getMessage());
    }
}
