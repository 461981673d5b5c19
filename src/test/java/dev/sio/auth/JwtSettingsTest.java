package dev.sio.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JwtSettingsTest {

    private static JwtSettings from(Map<String, String> values) {
        return JwtSettings.fromConfig(new MapConfig(values));
    }

    @Test
    void an_empty_config_gives_the_documented_defaults() {
        JwtSettings s = from(Map.of());
        assertNull(s.publicKey());
        assertNull(s.publicKeyLocation());
        assertEquals(Set.of("RS256"), s.algorithms());
        assertNull(s.issuer());
        assertEquals(Set.of(), s.audiences());
        assertEquals(60, s.clockSkewSeconds());
        assertNull(s.tokenAgeSeconds());
        assertEquals("Authorization", s.tokenHeader());
        assertEquals("Bearer", s.tokenCookie());
        assertFalse(s.queryTokenEnabled());
        assertEquals("token", s.queryTokenParameter());
        assertEquals(30_000L, s.jwksRefreshMinIntervalMillis());
        assertEquals(600_000L, s.jwksMaxAgeMillis());
        assertFalse(s.hasVerificationKey());
    }

    @Test
    void every_key_is_read() {
        JwtSettings s = from(Map.ofEntries(
                Map.entry("mp.jwt.verify.publickey", "{\"kty\":\"RSA\"}"),
                Map.entry("mp.jwt.verify.publickey.location", "https://sso.test/certs"),
                Map.entry("mp.jwt.verify.publickey.algorithm", "ES256"),
                Map.entry("mp.jwt.verify.issuer", "https://sso.test/realms/x"),
                Map.entry("mp.jwt.verify.audiences", "socketio, account ,,"),
                Map.entry("mp.jwt.verify.clock.skew", "5"),
                Map.entry("mp.jwt.verify.token.age", "3600"),
                Map.entry("mp.jwt.token.header", "Cookie"),
                Map.entry("mp.jwt.token.cookie", "jwt"),
                Map.entry("socketio.auth.query-token.enabled", "TRUE"),
                Map.entry("socketio.auth.query-token.parameter", "access_token"),
                Map.entry("socketio.auth.jwks.refresh-min-interval", "1000"),
                Map.entry("socketio.auth.jwks.max-age", "0")));
        assertEquals("{\"kty\":\"RSA\"}", s.publicKey());
        assertEquals("https://sso.test/certs", s.publicKeyLocation());
        assertEquals(Set.of("ES256"), s.algorithms());
        assertEquals("https://sso.test/realms/x", s.issuer());
        assertEquals(Set.of("socketio", "account"), s.audiences());
        assertEquals(5, s.clockSkewSeconds());
        assertEquals(3600L, s.tokenAgeSeconds());
        assertEquals("Cookie", s.tokenHeader());
        assertEquals("jwt", s.tokenCookie());
        assertTrue(s.queryTokenEnabled());
        assertEquals("access_token", s.queryTokenParameter());
        assertEquals(1000L, s.jwksRefreshMinIntervalMillis());
        assertEquals(0L, s.jwksMaxAgeMillis());
        assertTrue(s.hasVerificationKey());
    }

    @Test
    void several_algorithms_can_be_listed_in_any_case() {
        assertEquals(Set.of("RS256", "ES256", "PS512"),
                from(Map.of("mp.jwt.verify.publickey.algorithm", "rs256, ES256,ps512")).algorithms());
    }

    @Test
    void none_and_hmac_algorithms_are_refused_at_configuration_time() {
        for (String alg : new String[] {"none", "HS256", "HS512", "RS256,HS256", "foo"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> from(Map.of("mp.jwt.verify.publickey.algorithm", alg)), alg);
            assertTrue(e.getMessage().contains("mp.jwt.verify.publickey.algorithm"), e.getMessage());
        }
    }

    @Test
    void bad_numbers_and_booleans_are_reported_with_their_key() {
        Map<String, String> bad = Map.of(
                "mp.jwt.verify.clock.skew", "sixty",
                "mp.jwt.verify.token.age", "-1",
                "socketio.auth.jwks.refresh-min-interval", "1e3",
                "socketio.auth.query-token.enabled", "yes");
        bad.forEach((key, value) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> from(Map.of(key, value)), key);
            assertTrue(e.getMessage().contains(key), e.getMessage());
        });
        assertThrows(IllegalArgumentException.class, () -> from(Map.of("mp.jwt.verify.token.age", "0")));
    }

    @Test
    void blank_values_count_as_unset() {
        JwtSettings s = from(Map.of("mp.jwt.verify.publickey", "   ", "mp.jwt.verify.issuer", " ",
                "mp.jwt.token.header", "", "mp.jwt.verify.clock.skew", " "));
        assertNull(s.publicKey());
        assertNull(s.issuer());
        assertEquals("Authorization", s.tokenHeader());
        assertEquals(60, s.clockSkewSeconds());
        assertFalse(s.hasVerificationKey());
    }

    @Test
    void either_an_inline_key_or_a_location_is_a_verification_key() {
        assertTrue(from(Map.of("mp.jwt.verify.publickey", "x")).hasVerificationKey());
        assertTrue(from(Map.of("mp.jwt.verify.publickey.location", "classpath:jwks.json")).hasVerificationKey());
    }

    @Test
    void the_constructor_normalises_nulls_so_that_every_instance_is_usable() {
        JwtSettings s = new JwtSettings(null, null, null, null, null, 0, null, null, null, false, null, 0, 0);
        assertEquals(Set.of("RS256"), s.algorithms());
        assertEquals(Set.of(), s.audiences());
        assertEquals("Authorization", s.tokenHeader());
        assertEquals("Bearer", s.tokenCookie());
        assertEquals("token", s.queryTokenParameter());
        assertThrows(UnsupportedOperationException.class, () -> s.algorithms().add("ES256"));
        assertThrows(IllegalArgumentException.class,
                () -> new JwtSettings(null, null, null, null, null, -1, null, null, null, false, null, 0, 0));
    }

    @Test
    void to_string_does_not_print_the_key_text() {
        String text = from(Map.of("mp.jwt.verify.publickey", "SECRET-LOOKING-KEY-TEXT")).toString();
        assertFalse(text.contains("SECRET-LOOKING-KEY-TEXT"), text);
        assertTrue(text.contains("publicKey=set"), text);
    }
}
