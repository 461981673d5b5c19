package dev.sio.engineio.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the transport saw of the HTTP request that opened a session. Header names are matched
 * case-insensitively; names and values are kept as received.
 *
 * <p>Kept for the whole life of a session, so stored compactly: immutable maps and lists (no entry
 * objects), and building a record from another one's maps copies nothing.
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
        headers = immutable(headers);
        query = immutable(query);
    }

    /** The same handshake seen from another address; shares the maps. */
    public HandshakeInfo withRemoteAddress(String address) {
        return new HandshakeInfo(headers, query, address, url, secure);
    }

    public String header(String name) {
        List<String> values = headers.get(name);
        if (values == null) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    values = e.getValue();
                    break;
                }
            }
        }
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    // the JDK's immutable map and list classes (Map.of/Map.copyOf, List.of/List.copyOf results)
    private static final Set<Class<?>> IMMUTABLE_MAPS = Set.of(Map.of().getClass(), Map.of("", "").getClass());
    private static final Set<Class<?>> IMMUTABLE_LISTS = Set.of(List.of().getClass(), List.of("").getClass());

    /** An immutable copy, without null names, null lists or null values; an immutable argument is kept as it is. */
    static Map<String, List<String>> immutable(Map<String, List<String>> map) {
        if (map == null || map.isEmpty()) return Map.of();
        if (isImmutable(map)) return map;
        Map<String, List<String>> copy = new HashMap<>(map.size() * 2);
        map.forEach((name, values) -> {
            if (name != null && values != null) copy.put(name, immutable(values));
        });
        return Map.copyOf(copy);
    }

    private static List<String> immutable(List<String> values) {
        if (IMMUTABLE_LISTS.contains(values.getClass())) return values;
        for (String value : values) {
            if (value == null) return values.stream().filter(Objects::nonNull).collect(Collectors.toUnmodifiableList());
        }
        return List.copyOf(values);
    }

    private static boolean isImmutable(Map<String, List<String>> map) {
        if (!IMMUTABLE_MAPS.contains(map.getClass())) return false;
        for (List<String> values : map.values()) {
            if (!IMMUTABLE_LISTS.contains(values.getClass())) return false;
        }
        return true;
    }
}
