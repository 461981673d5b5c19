package dev.sio.socketio.server;

import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a socket knew when it joined its namespace: the HTTP request that opened the connection and
 * the auth payload of its CONNECT packet (Socket.IO's {@code socket.handshake}).
 */
public record Handshake(Map<String, List<String>> headers, Map<String, List<String>> query, JsonObject auth,
                        String address, Instant time, String url, boolean secure) {

    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
        }
        return null;
    }

    public String queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
