package dev.sio.app.chat;

import jakarta.json.Json;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChatUserTest {

    private static JsonWebToken token(Map<String, String> claims) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                for (String claim : new String[]{"upn", "preferred_username", "sub"}) {
                    if (claims.containsKey(claim)) return claims.get(claim);
                }
                return null;
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        };
    }

    @Test
    void the_id_is_the_subject_and_the_name_prefers_preferred_username_then_upn_then_name() {
        assertEquals(new ChatUser("u-1", "alice"), ChatUser.of(token(Map.of("sub", "u-1", "preferred_username", "alice",
                "upn", "alice@corp.test", "name", "Alice Liddell")), "sid"));
        assertEquals(new ChatUser("u-1", "alice@corp.test"), ChatUser.of(token(Map.of("sub", "u-1",
                "upn", "alice@corp.test", "name", "Alice Liddell")), "sid"));
        assertEquals(new ChatUser("u-1", "Alice Liddell"), ChatUser.of(token(Map.of("sub", "u-1", "name", "Alice Liddell")), "sid"));
        assertEquals(new ChatUser("u-1", "u-1"), ChatUser.of(token(Map.of("sub", "u-1")), "sid"));
    }

    @Test
    void without_a_subject_the_principal_name_is_the_id() {
        assertEquals(new ChatUser("alice@corp.test", "alice@corp.test"), ChatUser.of(token(Map.of("upn", "alice@corp.test")), "sid"));
    }

    @Test
    void the_wire_form_is_id_and_name() {
        assertEquals(Json.createObjectBuilder().add("id", "u-1").add("name", "alice").build(),
                new ChatUser("u-1", "alice").toJson());
    }
}
