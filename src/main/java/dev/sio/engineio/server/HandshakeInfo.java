package dev.sio.engineio.server;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the transport saw of the HTTP request that opened a session. Header names are matched
 * case-insensitively; values are kept as received.
 *
 * @param headers       request headers
 * @param query         query parameters
 * @param remoteAddress the client's address as the container saw it, or null when it cannot tell
 * @param url           the request path and query, as received
 * @param secure        whether the request came over TLS
 */
public record HandshakeInfo(Map<String, List<String>> headers, Map<String, List<String>> query,
                            String remoteAddress, String url, boolean secure) {

    public HandshakeInfo {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(h);
        query = query == null ? Map.of() : Map.copyOf(query);
    }

    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
