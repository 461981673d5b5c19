package dev.sio.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Header lookup by name, ignoring case (HTTP header names are case-insensitive, but the map we are
 * handed may come from a WebSocket handshake request that keeps whatever case the client sent).
 */
final class Headers {
    private Headers() {
    }

    /** All values of the header {@code name}, in map order; empty when absent or when the map is null. */
    static List<String> values(Map<String, List<String>> headers, String name) {
        List<String> result = new ArrayList<>();
        if (headers == null) {
            return result;
        }
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && entry.getValue() != null) {
                for (String value : entry.getValue()) {
                    if (value != null) {
                        result.add(value);
                    }
                }
            }
        }
        return result;
    }
}
