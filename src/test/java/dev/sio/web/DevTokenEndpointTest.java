package dev.sio.web;

import dev.sio.auth.DevTokenIssuer;
import dev.sio.auth.TokenVerifier;
import dev.sio.auth.VerifiedToken;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DevTokenEndpointTest {

    private static final DevTokenIssuer ISSUER = new DevTokenIssuer("socketio-jakarta-dev", Duration.ofMinutes(10));
    private final DevTokenEndpoint endpoint = new DevTokenEndpoint(ISSUER);

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void answers_a_token_for_the_user_that_the_development_key_verifies() throws Exception {
        DevTokenEndpoint.Answer answer = endpoint.answer("Zoë Martin", null);
        assertEquals(200, answer.status());
        JsonObject body = json(answer.json());
        assertEquals(Set.of("token"), body.keySet(), "the contract: {token}");
        VerifiedToken token = new TokenVerifier(ISSUER.settings()).verify(body.getString("token"));
        assertEquals("Zoë Martin", token.getSubject());
        assertEquals("Zoë Martin", token.displayName());
        assertEquals(Set.of(), token.getGroups());
    }

    @Test
    void groups_become_roles() throws Exception {
        JsonObject body = json(endpoint.answer("ada", " admin, ops ,,").json());
        assertEquals(Set.of("admin", "ops"), new TokenVerifier(ISSUER.settings()).verify(body.getString("token")).getGroups());
    }

    @Test
    void a_missing_or_odd_user_name_is_a_bad_request() {
        for (String user : new String[]{null, "", "   ", "a".repeat(65), "<script>", "new\nline"}) {
            DevTokenEndpoint.Answer answer = endpoint.answer(user, null);
            assertEquals(400, answer.status(), String.valueOf(user));
            assertTrue(json(answer.json()).getString("error").startsWith("user must be"));
        }
        assertEquals(400, endpoint.answer("ada", "admin,<x>").status());
    }
}
