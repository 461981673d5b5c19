package dev.sio.app.chat;

import dev.sio.socketio.server.JsonBuilders;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who a chat socket speaks for, from its verified token: {@code id} is the subject ({@code sub};
 * the principal name when the token has none), {@code name} a display name ({@code preferred_username},
 * then {@code upn}, {@code name}, the id).
 */
record ChatUser(String id, String name) {

    /** The user of a token; a socket without one (not possible on /chat, which requires a token) is its socket id. */
    static ChatUser of(JsonWebToken token, String socketId) {
        if (token == null) return new ChatUser(socketId, socketId);
        String id = firstNonBlank(token.getSubject(), token.getName(), socketId);
        String name = firstNonBlank(claim(token, "preferred_username"), claim(token, "upn"), claim(token, "name"), id);
        return new ChatUser(id, name);
    }

    JsonObject toJson() {
        return JsonBuilders.object().add("id", id).add("name", name).build();
    }

    private static String claim(JsonWebToken token, String claim) {
        return token.getClaim(claim) instanceof String s ? s : null;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) return value;
        }
        return null;
    }

    @Override
    public String toString() {
        return name.equals(id) ? id : name + " (" + id + ")";
    }
}
