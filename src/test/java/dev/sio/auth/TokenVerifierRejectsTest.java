package dev.sio.auth;

import static dev.sio.auth.TestTokens.claims;
import static dev.sio.testing.JwtFixtures.rs256;
import static dev.sio.auth.TestTokens.secondsFromNow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sio.testing.JwtFixtures;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TokenVerifierRejectsTest {
    private static RsaJsonWebKey key;
    private static TokenVerifier verifier;

    @BeforeAll
    static void setUp() {
        key = JwtFixtures.rsa("k1");
        verifier = new TokenVerifier(SettingsBuilder.key(JwtFixtures.publicJwks(key)).build());
    }

    private static RejectionReason rejection(TokenVerifier v, String token) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> v.verify(token));
        assertEquals(e.reason().message(), e.getMessage(), "the message is the reason's message");
        assertNull(e.getCause(), "no cause that could leak internals");
        return e.reason();
    }

    private static RejectionReason rejection(String token) {
        return rejection(verifier, token);
    }

    @Test
    void a_null_empty_or_blank_token_is_missing() {
        assertEquals(RejectionReason.MISSING, rejection(null));
        assertEquals(RejectionReason.MISSING, rejection(""));
        assertEquals(RejectionReason.MISSING, rejection("  \t "));
    }

    @Test
    void text_that_is_not_a_compact_jws_is_malformed() {
        assertEquals(RejectionReason.MALFORMED, rejection("not-a-jwt"));
        assertEquals(RejectionReason.MALFORMED, rejection("a.b.c"));
        assertEquals(RejectionReason.MALFORMED, rejection("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln"));
        assertEquals(RejectionReason.MALFORMED, rejection("...."));
    }

    @Test
    void a_token_longer_than_the_limit_is_malformed_without_being_parsed() {
        assertEquals(RejectionReason.MALFORMED, rejection("a".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1)));
    }

    @Test
    void an_encrypted_token_is_malformed_because_only_signed_tokens_are_accepted() throws Exception {
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setPayload(claims().toJson());
        jwe.setKey(key.getPublicKey());
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.RSA_OAEP_256);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_128_CBC_HMAC_SHA_256);
        assertEquals(RejectionReason.MALFORMED, rejection(jwe.getCompactSerialization()));
    }

    @Test
    void a_token_whose_payload_was_changed_after_signing_has_a_bad_signature() {
        String token = rs256(key, claims());
        JwtClaims forged = claims();
        forged.setStringListClaim("groups", "superusers");
        String forgedPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.toJson().getBytes(StandardCharsets.UTF_8));
        String[] parts = token.split("\\.");
        assertEquals(RejectionReason.SIGNATURE, rejection(parts[0] + "." + forgedPayload + "." + parts[2]));
    }

    @Test
    void a_token_signed_by_another_key_that_claims_our_kid_has_a_bad_signature() {
        RsaJsonWebKey attacker = JwtFixtures.rsa("k1");
        assertEquals(RejectionReason.SIGNATURE, rejection(rs256(attacker, claims())));
    }

    @Test
    void a_token_with_its_signature_removed_has_a_bad_signature() {
        String token = rs256(key, claims());
        assertEquals(RejectionReason.SIGNATURE, rejection(token.substring(0, token.lastIndexOf('.') + 1)));
    }

    @Test
    void a_token_that_carries_its_own_key_in_the_header_is_not_trusted() throws Exception {
        RsaJsonWebKey attacker = JwtFixtures.rsa("attacker");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setKey(attacker.getPrivateKey());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue("attacker");
        jws.setJwkHeader(attacker);
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(jws.getCompactSerialization()));
    }

    @Test
    void alg_none_is_refused_as_an_algorithm_problem() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setKeyIdHeaderValue("k1");
        jws.setPayload(claims().toJson());
        assertEquals(RejectionReason.ALGORITHM, rejection(jws.getCompactSerialization()));
    }

    @Test
    void hs256_signed_with_the_rsa_public_key_bytes_as_secret_is_refused() {
        HmacKey derSecret = new HmacKey(key.getPublicKey().getEncoded());
        assertEquals(RejectionReason.ALGORITHM,
                rejection(TestTokens.signUnsafely(derSecret, AlgorithmIdentifiers.HMAC_SHA256, claims(), "k1")));
        HmacKey pemSecret = new HmacKey(JwtFixtures.pem(key.getPublicKey()).getBytes(StandardCharsets.US_ASCII));
        assertEquals(RejectionReason.ALGORITHM,
                rejection(TestTokens.signUnsafely(pemSecret, AlgorithmIdentifiers.HMAC_SHA256, claims(), "k1")));
    }

    @Test
    void hs256_is_refused_even_when_the_key_was_configured_as_pem() {
        TokenVerifier pemVerifier = new TokenVerifier(SettingsBuilder.key(JwtFixtures.pem(key.getPublicKey())).build());
        HmacKey pemSecret = new HmacKey(JwtFixtures.pem(key.getPublicKey()).getBytes(StandardCharsets.US_ASCII));
        assertEquals(RejectionReason.ALGORITHM,
                rejection(pemVerifier, TestTokens.signUnsafely(pemSecret, AlgorithmIdentifiers.HMAC_SHA256, claims(), null)));
    }

    @Test
    void an_asymmetric_algorithm_that_is_not_configured_is_refused() {
        String rs512 = TestTokens.sign(key, AlgorithmIdentifiers.RSA_USING_SHA512, claims());
        assertEquals(RejectionReason.ALGORITHM, rejection(rs512));
        String ps256 = TestTokens.sign(key, AlgorithmIdentifiers.RSA_PSS_USING_SHA256, claims());
        assertEquals(RejectionReason.ALGORITHM, rejection(ps256));
    }

    @Test
    void a_token_expired_beyond_the_clock_skew_is_expired() {
        JwtClaims c = issuedTenMinutesAgo();
        c.setExpirationTime(secondsFromNow(-120));
        assertEquals(RejectionReason.EXPIRED, rejection(rs256(key, c)));
    }

    @Test
    void a_token_expired_by_less_than_the_clock_skew_is_still_accepted() throws Exception {
        JwtClaims c = issuedTenMinutesAgo();
        c.setExpirationTime(secondsFromNow(-30));
        verifier.verify(rs256(key, c));
        TokenVerifier strict = new TokenVerifier(SettingsBuilder.key(JwtFixtures.publicJwks(key)).clockSkew(0).build());
        assertEquals(RejectionReason.EXPIRED, rejection(strict, rs256(key, c)));
    }

    private static JwtClaims issuedTenMinutesAgo() {
        JwtClaims c = claims();
        c.setIssuedAt(secondsFromNow(-600));
        c.setNotBefore(secondsFromNow(-600));
        return c;
    }

    @Test
    void a_token_that_expires_before_it_was_issued_is_malformed() {
        JwtClaims c = claims();
        c.setExpirationTime(secondsFromNow(-30));
        assertEquals(RejectionReason.MALFORMED, rejection(rs256(key, c)));
    }

    @Test
    void a_token_without_exp_is_malformed() {
        JwtClaims c = claims();
        c.unsetClaim("exp");
        assertEquals(RejectionReason.MALFORMED, rejection(rs256(key, c)));
    }

    @Test
    void a_token_whose_nbf_is_in_the_future_is_not_yet_valid() {
        JwtClaims c = claims();
        c.setNotBefore(secondsFromNow(600));
        assertEquals(RejectionReason.NOT_YET_VALID, rejection(rs256(key, c)));
    }

    @Test
    void a_token_from_another_issuer_or_without_issuer_is_refused_for_issuer() {
        JwtClaims other = claims();
        other.setIssuer("https://evil.test/");
        assertEquals(RejectionReason.ISSUER, rejection(rs256(key, other)));
        JwtClaims none = claims();
        none.unsetClaim("iss");
        assertEquals(RejectionReason.ISSUER, rejection(rs256(key, none)));
    }

    @Test
    void a_token_for_another_audience_or_without_audience_is_refused_for_audience() {
        JwtClaims other = claims();
        other.setAudience("some-other-api");
        assertEquals(RejectionReason.AUDIENCE, rejection(rs256(key, other)));
        JwtClaims none = claims();
        none.unsetClaim("aud");
        assertEquals(RejectionReason.AUDIENCE, rejection(rs256(key, none)));
    }

    @Test
    void a_kid_that_no_configured_key_has_is_an_unknown_key() {
        RsaJsonWebKey stranger = JwtFixtures.rsa("k-unknown");
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(rs256(stranger, claims())));
    }

    @Test
    void an_es256_token_when_only_rsa_keys_are_configured_is_an_unknown_key() {
        TokenVerifier both = new TokenVerifier(SettingsBuilder.key(JwtFixtures.publicJwks(key)).algorithms("RS256", "ES256").build());
        var ecKey = JwtFixtures.ec("k1");
        assertEquals(RejectionReason.UNKNOWN_KEY,
                rejection(both, TestTokens.sign(ecKey, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, claims())));
    }

    @Test
    void a_token_issued_longer_ago_than_the_token_age_is_too_old() throws Exception {
        TokenVerifier aged = new TokenVerifier(SettingsBuilder.key(JwtFixtures.publicJwks(key)).tokenAge(300L).build());
        JwtClaims old = claims();
        old.setIssuedAt(secondsFromNow(-1000));
        assertEquals(RejectionReason.TOO_OLD, rejection(aged, rs256(key, old)));

        JwtClaims recent = claims();
        recent.setIssuedAt(secondsFromNow(-200));
        aged.verify(rs256(key, recent));

        // Without a token age, the same old token is fine.
        verifier.verify(rs256(key, old));
    }

    @Test
    void a_token_without_iat_is_malformed_when_a_token_age_is_configured() {
        TokenVerifier aged = new TokenVerifier(SettingsBuilder.key(JwtFixtures.publicJwks(key)).tokenAge(300L).build());
        JwtClaims c = claims();
        c.unsetClaim("iat");
        assertEquals(RejectionReason.MALFORMED, rejection(aged, rs256(key, c)));
    }

    @Test
    void a_payload_with_a_duplicated_claim_is_malformed() {
        String payload = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"socketio\",\"sub\":\"bob\","
                + "\"exp\":" + secondsFromNow(600).getValue() + ",\"sub\":\"admin\"}";
        String token = JwtFixtures.sign(key, AlgorithmIdentifiers.RSA_USING_SHA256, payload, "k1");
        assertEquals(RejectionReason.MALFORMED, rejection(token));
    }

    @Test
    void a_token_that_names_nobody_is_malformed() {
        JwtClaims c = claims();
        c.unsetClaim("sub");
        c.unsetClaim("upn");
        c.unsetClaim("preferred_username");
        assertEquals(RejectionReason.MALFORMED, rejection(rs256(key, c)));
    }

    @Test
    void a_claim_of_the_wrong_json_type_is_malformed() {
        JwtClaims c = claims();
        c.setClaim("exp", "tomorrow");
        assertEquals(RejectionReason.MALFORMED, rejection(rs256(key, c)));
    }

    @Test
    void client_supplied_header_values_are_made_safe_for_the_log() {
        assertEquals("(none)", TokenVerifier.printable(null));
        assertEquals("a?b?c", TokenVerifier.printable("a\nb\rc"));
        assertEquals("x".repeat(64) + "...", TokenVerifier.printable("x".repeat(500)));
    }

    @Test
    void every_reason_has_the_documented_client_message() {
        assertEquals("missing token", RejectionReason.MISSING.message());
        assertEquals("invalid token: malformed", RejectionReason.MALFORMED.message());
        assertEquals("invalid token: signature", RejectionReason.SIGNATURE.message());
        assertEquals("invalid token: algorithm", RejectionReason.ALGORITHM.message());
        assertEquals("invalid token: expired", RejectionReason.EXPIRED.message());
        assertEquals("invalid token: not yet valid", RejectionReason.NOT_YET_VALID.message());
        assertEquals("invalid token: issuer", RejectionReason.ISSUER.message());
        assertEquals("invalid token: audience", RejectionReason.AUDIENCE.message());
        assertEquals("invalid token: unknown key", RejectionReason.UNKNOWN_KEY.message());
        assertEquals("invalid token: too old", RejectionReason.TOO_OLD.message());
        assertEquals(10, RejectionReason.values().length);
        assertEquals("invalid token: expired", new TokenRejectedException(RejectionReason.EXPIRED).getMessage());
    }
}
