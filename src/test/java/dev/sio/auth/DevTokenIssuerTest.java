package dev.sio.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DevTokenIssuerTest {
    private static final String ISSUER = "https://dev.local/sio";

    @Test
    void a_minted_token_verifies_with_the_issuers_own_settings() throws Exception {
        DevTokenIssuer issuer = new DevTokenIssuer(ISSUER, Duration.ofMinutes(15));
        String token = issuer.mint("u-42", "Bob", Set.of("dev", "ops"));
        VerifiedToken verified = new TokenVerifier(issuer.settings()).verify(token);
        assertEquals("u-42", verified.getName());
        assertEquals("u-42", verified.getSubject());
        assertEquals("Bob", verified.displayName());
        assertEquals(Set.of("dev", "ops"), verified.getGroups());
        assertEquals(ISSUER, verified.getIssuer());
        long inFifteen = Instant.now().plus(Duration.ofMinutes(15)).getEpochSecond();
        assertTrue(Math.abs(verified.expiresAt().getEpochSecond() - inFifteen) <= 5, verified.expiresAt().toString());
    }

    @Test
    void a_blank_display_name_falls_back_to_the_subject() throws Exception {
        DevTokenIssuer issuer = new DevTokenIssuer(ISSUER, Duration.ofMinutes(1));
        VerifiedToken verified = new TokenVerifier(issuer.settings()).verify(issuer.mint("u-1", " ", null));
        assertEquals("u-1", verified.displayName());
        assertEquals(Set.of(), verified.getGroups());
    }

    @Test
    void the_public_jwks_holds_one_rsa_key_and_no_private_part() throws Exception {
        String jwks = new DevTokenIssuer(ISSUER, Duration.ofMinutes(1)).publicJwks();
        assertFalse(jwks.contains("\"d\""), jwks);
        assertFalse(jwks.contains("\"p\""), jwks);
        JsonWebKeySet set = new JsonWebKeySet(jwks);
        assertEquals(1, set.getJsonWebKeys().size());
        RsaJsonWebKey key = (RsaJsonWebKey) set.getJsonWebKeys().get(0);
        assertNull(key.getPrivateKey());
        assertEquals("RS256", key.getAlgorithm());
    }

    @Test
    void tokens_of_one_dev_issuer_are_refused_by_another() {
        DevTokenIssuer first = new DevTokenIssuer(ISSUER, Duration.ofMinutes(1));
        DevTokenIssuer second = new DevTokenIssuer(ISSUER, Duration.ofMinutes(1));
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> new TokenVerifier(second.settings()).verify(first.mint("u", "U", Set.of())));
        assertEquals(RejectionReason.UNKNOWN_KEY, e.reason());
    }

    @Test
    void a_minted_token_expires_after_its_lifetime_plus_clock_skew() throws Exception {
        DevTokenIssuer issuer = new DevTokenIssuer(ISSUER, Duration.ofMinutes(5));
        String token = issuer.mint("u", "U", Set.of());
        MutableClock clock = new MutableClock();
        TokenVerifier verifier = new TokenVerifier(issuer.settings(), clock, null);
        clock.advance(Duration.ofMinutes(5));
        verifier.verify(token);   // inside the 60 s skew
        clock.advance(Duration.ofSeconds(61));
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
        assertEquals(RejectionReason.EXPIRED, e.reason());
    }

    @Test
    void nonsense_arguments_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> new DevTokenIssuer(" ", Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> new DevTokenIssuer(ISSUER, Duration.ZERO));
        DevTokenIssuer issuer = new DevTokenIssuer(ISSUER, Duration.ofMinutes(1));
        assertThrows(IllegalArgumentException.class, () -> issuer.mint("", "x", Set.of()));
    }
}
