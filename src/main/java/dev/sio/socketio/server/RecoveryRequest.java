package dev.sio.socketio.server;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * What a client coming back sends in its CONNECT auth: the private id of its previous socket and the
 * offset of the last packet it received (both strings, as the stock client sends them).
 *
 * @param skipMiddlewares the middlewares were skipped for it (socketio.recovery.skip-middlewares):
 *                        it must be restored or refused, never accepted as a new socket
 */
record RecoveryRequest(String pid, String offset, boolean skipMiddlewares) {

    /** Longer values are no ids of ours: a client cannot make the server look them up. */
    private static final int MAX_LENGTH = 64;

    /** The request in the auth payload, or null when there is none (or it is malformed). */
    static RecoveryRequest of(JsonObject auth) {
        if (auth == null) return null;
        String pid = text(auth.get("pid"));
        String offset = text(auth.get("offset"));
        return pid == null || offset == null ? null : new RecoveryRequest(pid, offset, false);
    }

    RecoveryRequest skippingMiddlewares() {
        return new RecoveryRequest(pid, offset, true);
    }

    private static String text(JsonValue value) {
        if (!(value instanceof JsonString s)) return null;
        String text = s.getString();
        return text.isEmpty() || text.length() > MAX_LENGTH ? null : text;
    }
}
