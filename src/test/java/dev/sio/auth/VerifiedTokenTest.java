package dev.sio.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.Claims;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class VerifiedTokenTest {
    private static final String RAW = "aaa.bbb.ccc";

    private static VerifiedToken token(String json) {
        return VerifiedToken.of(RAW, json);
    }

    private static final VerifiedToken FULL = token("""
            {"iss":"https://sso","sub":"u-1","upn":"alice@corp","preferred_username":"alice","name":"Alice A.",
             "aud":"socketio","exp":1900000000,"iat":1800000000,"jti":"j-1","groups":["a","b"],
             "email_verified":true,"address":{"country":"FR"},"amr":["pwd","mfa"],
             "tenant":"t-9","level":3,"flags":[1,2],"beta":false}""");

    @Test
    void the_name_is_upn_then_preferred_username_then_sub() {
        assertEquals("alice@corp", FULL.getName());
        assertEquals("alice", token("{\"preferred_username\":\"alice\",\"sub\":\"u-1\"}").getName());
        assertEquals("u-1", token("{\"sub\":\"u-1\"}").getName());
        assertNull(token("{}").getName());
    }

    @Test
    void the_display_name_is_preferred_username_then_upn_then_name_then_sub() {
        assertEquals("alice", FULL.displayName());
        assertEquals("alice@corp", token("{\"upn\":\"alice@corp\",\"name\":\"Alice\",\"sub\":\"u\"}").displayName());
        assertEquals("Alice", token("{\"name\":\"Alice\",\"sub\":\"u\"}").displayName());
        assertEquals("u", token("{\"name\":\"  \",\"sub\":\"u\"}").displayName());
    }

    @Test
    void groups_come_from_the_groups_claim_and_are_never_null() {
        assertEquals(Set.of("a", "b"), FULL.getGroups());
        assertEquals(Set.of(), token("{\"sub\":\"u\"}").getGroups());
        assertEquals(Set.of("solo"), token("{\"groups\":\"solo\"}").getGroups());
        assertThrows(UnsupportedOperationException.class, () -> FULL.getGroups().add("root"));
    }

    @Test
    void standard_claims_have_the_mp_jwt_java_types() {
        assertEquals("u-1", FULL.getSubject());
        assertEquals("https://sso", FULL.getIssuer());
        assertEquals("j-1", FULL.getTokenID());
        assertEquals(Set.of("socketio"), FULL.getAudience());
        assertEquals(1_900_000_000L, FULL.getExpirationTime());
        assertEquals(1_800_000_000L, FULL.getIssuedAtTime());
        assertEquals(Long.valueOf(1_900_000_000L), FULL.<Long>getClaim("exp"));
        assertEquals(Set.of("a", "b"), FULL.<Set<String>>getClaim("groups"));
        assertEquals(Boolean.TRUE, FULL.<Boolean>getClaim(Claims.email_verified));
        assertInstanceOf(JsonObject.class, FULL.getClaim("address"));
        assertEquals(Optional.of("alice"), FULL.claim(Claims.preferred_username));
        assertEquals(Instant.ofEpochSecond(1_900_000_000L), FULL.expiresAt());
    }

    @Test
    void claims_the_spec_does_not_name_stay_json_values() {
        assertEquals("t-9", ((JsonString) FULL.getClaim("tenant")).getString());
        assertEquals(3, ((JsonNumber) FULL.getClaim("level")).intValue());
        assertInstanceOf(JsonArray.class, FULL.getClaim("flags"));
        assertEquals(JsonValue.FALSE, FULL.getClaim("beta"));
        // The spec says String for amr; tokens send an array, which is returned as is rather than mangled.
        assertInstanceOf(JsonArray.class, FULL.getClaim("amr"));
    }

    @Test
    void the_raw_token_is_a_claim_too() {
        assertEquals(RAW, FULL.getRawToken());
        assertEquals(RAW, FULL.getClaim("raw_token"));
        assertTrue(FULL.getClaimNames().contains("raw_token"));
        assertTrue(FULL.containsClaim("raw_token"));
        assertTrue(FULL.getClaimNames().containsAll(Set.of("iss", "sub", "exp", "groups", "tenant")));
    }

    @Test
    void absent_claims_read_as_null_or_zero() {
        VerifiedToken bare = token("{\"sub\":\"u\"}");
        assertNull(bare.getClaim("email"));
        assertNull(bare.getClaim((String) null));
        assertFalse(bare.containsClaim("email"));
        assertEquals(Optional.empty(), bare.claim("email"));
        assertNull(bare.getAudience());
        assertEquals(0L, bare.getIssuedAtTime());
    }

    @Test
    void the_claim_names_cannot_be_changed() {
        assertThrows(UnsupportedOperationException.class, () -> FULL.getClaimNames().add("x"));
    }

    @Test
    void to_string_shows_who_but_not_the_token() {
        String text = FULL.toString();
        assertTrue(text.contains("alice@corp"), text);
        assertFalse(text.contains(RAW), text);
    }
}
