package dev.sio.auth;

import static dev.sio.auth.TestTokens.claims;
import static dev.sio.testing.JwtFixtures.rs256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sio.testing.JwtFixtures;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TokenVerifierAcceptsTest {
    private static RsaJsonWebKey rsa;
    private static EllipticCurveJsonWebKey ec;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() {
        rsa = JwtFixtures.rsa("rsa-1");
        ec = JwtFixtures.ec("ec-1");
    }

    private static void assertAlice(VerifiedToken token) {
        assertEquals("alice@corp.test", token.getName());
        assertEquals("u-123", token.getSubject());
        assertEquals(Set.of("staff", "admins"), token.getGroups());
        assertEquals(TestTokens.ISSUER, token.getIssuer());
    }

    @Test
    void rs256_is_accepted_with_the_key_given_as_pem_text() throws Exception {
        TokenVerifier verifier = new TokenVerifier(SettingsBuilder.key(JwtFixtures.pem(rsa.getPublicKey())).build());
        String token = rs256(rsa, claims());
        VerifiedToken verified = verifier.verify(token);
        assertAlice(verified);
        assertEquals(token, verified.getRawToken());
    }

    @Test
    void a_pem_key_verifies_tokens_with_any_kid_or_none() throws Exception {
        TokenVerifier verifier = new TokenVerifier(SettingsBuilder.key(JwtFixtures.pem(rsa.getPublicKey())).build());
        assertAlice(verifier.verify(JwtFixtures.sign(rsa, "RS256", claims().toJson(), null)));
        assertAlice(verifier.verify(JwtFixtures.sign(rsa, "RS256", claims().toJson(), "whatever")));
    }

    @Test
    void rs256_is_accepted_with_the_key_given_as_jwk_text() throws Exception {
        TokenVerifier verifier = new TokenVerifier(SettingsBuilder.key(JwtFixtures.publicJwk(rsa)).build());
        assertAlice(verifier.verify(rs256(rsa, claims())));
    }

    @Test
    void the_key_matching_the_kid_is_picked_from_jwks_text() throws Exception {
        RsaJsonWebKey other = JwtFixtures.rsa("rsa-2");
        TokenVerifier verifier = new TokenVerifier(SettingsBuilder.key(JwtFixtures.publicJwks(other, rsa)).build());
        assertAlice(verifier.verify(rs256(rsa, claims())));
        assertAlice(verifier.verify(rs256(other, claims())));
    }

    @Test
    void a_token_without_kid_is_verified_by_whichever_jwks_key_fits() throws Exception {
        RsaJsonWebKey other = JwtFixtures.rsa("rsa-2");
        TokenVerifier verifier = new TokenVerifier(SettingsBuilder.key(JwtFixtures.publicJwks(other, rsa)).build());
        assertAlice(verifier.verify(JwtFixtures.sign(rsa, "RS256", claims().toJson(), null)));
        RsaJsonWebKey stranger = JwtFixtures.rsa(null);
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> verifier.verify(JwtFixtures.sign(stranger, "RS256", claims().toJson(), null)));
        assertEquals(RejectionReason.SIGNATURE, e.reason());
    }

    @Test
    void a_base64url_encoded_jwks_is_accepted_as_inline_key() throws Exception {
        String encoded = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JwtFixtures.publicJwks(rsa).getBytes(StandardCharsets.UTF_8));
        TokenVerifier verifier = new TokenVerifier(SettingsBuilder.key(encoded).build());
        assertAlice(verifier.verify(rs256(rsa, claims())));
    }

    @Test
    void a_jwks_file_is_read_from_a_plain_path_and_from_a_file_url() throws Exception {
        Path file = Files.writeString(dir.resolve("jwks.json"), JwtFixtures.publicJwks(rsa));
        assertAlice(new TokenVerifier(SettingsBuilder.location(file.toString()).build()).verify(rs256(rsa, claims())));
        assertAlice(new TokenVerifier(SettingsBuilder.location(file.toUri().toString()).build()).verify(rs256(rsa, claims())));
    }

    @Test
    void a_pem_file_is_read_from_the_location() throws Exception {
        Path file = Files.writeString(dir.resolve("key.pem"), JwtFixtures.pem(rsa.getPublicKey()));
        assertAlice(new TokenVerifier(SettingsBuilder.location(file.toString()).build()).verify(rs256(rsa, claims())));
    }

    @Test
    void a_classpath_location_is_read_through_the_context_class_loader() throws Exception {
        Files.createDirectories(dir.resolve("META-INF"));
        Files.writeString(dir.resolve("META-INF/test-jwks.json"), JwtFixtures.publicJwks(rsa));
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
            Thread.currentThread().setContextClassLoader(loader);
            assertAlice(new TokenVerifier(SettingsBuilder.location("classpath:META-INF/test-jwks.json").build())
                    .verify(rs256(rsa, claims())));
            // A relative location that is not a file is looked up on the classpath too (MP-JWT).
            assertAlice(new TokenVerifier(SettingsBuilder.location("/META-INF/test-jwks.json").build())
                    .verify(rs256(rsa, claims())));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void a_jwks_served_over_http_is_fetched_and_used() throws Exception {
        try (JwksServer server = new JwksServer(JwtFixtures.publicJwks(rsa))) {
            TokenVerifier verifier = new TokenVerifier(SettingsBuilder.location(server.url()).build());
            assertAlice(verifier.verify(rs256(rsa, claims())));
            assertAlice(verifier.verify(rs256(rsa, claims())));
            assertEquals(1, server.hits(), "the JWKS is cached after the first fetch");
        }
    }

    @Test
    void es256_is_accepted_when_configured_with_a_jwk_or_pem() throws Exception {
        String token = TestTokens.sign(ec, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, claims());
        assertAlice(new TokenVerifier(SettingsBuilder.key(JwtFixtures.publicJwks(ec)).algorithms("ES256").build()).verify(token));
        assertAlice(new TokenVerifier(SettingsBuilder.key(JwtFixtures.pem(ec.getPublicKey())).algorithms("ES256").build())
                .verify(token));
    }

    @Test
    void several_configured_algorithms_are_each_accepted() throws Exception {
        TokenVerifier verifier = new TokenVerifier(SettingsBuilder.key(JwtFixtures.publicJwks(rsa, ec))
                .algorithms("RS256", "ES256", "PS256", "RS512").build());
        assertAlice(verifier.verify(rs256(rsa, claims())));
        assertAlice(verifier.verify(TestTokens.sign(ec, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, claims())));
        assertAlice(verifier.verify(TestTokens.sign(rsa, AlgorithmIdentifiers.RSA_PSS_USING_SHA256, claims())));
        assertAlice(verifier.verify(TestTokens.sign(rsa, AlgorithmIdentifiers.RSA_USING_SHA512, claims())));
    }

    @Test
    void any_issuer_and_audience_pass_when_none_is_configured() throws Exception {
        TokenVerifier open = new TokenVerifier(SettingsBuilder.key(JwtFixtures.publicJwks(rsa)).issuer(null).audiences().build());
        JwtClaims c = claims();
        c.setIssuer("https://whoever.test");
        c.setAudience("anything");
        assertEquals("https://whoever.test", open.verify(rs256(rsa, c)).getIssuer());
        c.unsetClaim("aud");
        c.unsetClaim("iss");
        assertEquals("alice@corp.test", open.verify(rs256(rsa, c)).getName());
    }

    @Test
    void one_matching_audience_among_several_is_enough() throws Exception {
        TokenVerifier verifier = new TokenVerifier(SettingsBuilder.key(JwtFixtures.publicJwks(rsa)).audiences("a", "socketio").build());
        JwtClaims c = claims();
        c.setAudience("account", "socketio");
        assertAlice(verifier.verify(rs256(rsa, c)));
    }

    @Test
    void surrounding_whitespace_around_the_token_is_ignored() throws Exception {
        TokenVerifier verifier = new TokenVerifier(SettingsBuilder.key(JwtFixtures.publicJwks(rsa)).build());
        assertAlice(verifier.verify("  " + rs256(rsa, claims()) + "\n"));
    }

    @Test
    void a_verifier_without_any_key_refuses_to_start_with_a_clear_message() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TokenVerifier(SettingsBuilder.key(null).build()));
        assertTrue(e.getMessage().contains("mp.jwt.verify.publickey"), e.getMessage());
    }

    @Test
    void a_verifier_with_an_unreadable_key_refuses_to_start() {
        assertThrows(IllegalStateException.class, () -> new TokenVerifier(SettingsBuilder.key("not a key").build()));
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> new TokenVerifier(SettingsBuilder.location(dir.resolve("absent.json").toUri().toString()).build()));
        assertTrue(missing.getMessage().contains("mp.jwt.verify.publickey.location"), missing.getMessage());
        assertThrows(IllegalStateException.class,
                () -> new TokenVerifier(SettingsBuilder.location("classpath:no/such/jwks.json").build()));
    }
}
