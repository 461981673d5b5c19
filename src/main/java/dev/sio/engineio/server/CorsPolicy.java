package dev.sio.engineio.server;

import java.util.Set;

/**
 * Which web origins may talk to the server. The same list guards both transports: CORS headers
 * for polling, and a refusal of the WebSocket upgrade (browsers send Origin on a WebSocket but do
 * not apply CORS to it, so without the check any page could open a socket as its visitor).
 *
 * @param origins     allowed origins ({@code https://app.example.com}); empty means any ("*")
 * @param credentials whether browsers may send cookies (then the origin is echoed, never "*")
 */
public record CorsPolicy(Set<String> origins, boolean credentials) {

    public static final CorsPolicy ANY = new CorsPolicy(Set.of(), false);

    public CorsPolicy {
        origins = Set.copyOf(origins);
    }

    public boolean allowsAny() {
        return origins.isEmpty();
    }

    /** Whether a request with this Origin header (null when absent: not a browser page) may proceed. */
    public boolean allows(String origin) {
        return origin == null || origins.isEmpty() || origins.contains(origin);
    }

    /** The Access-Control-Allow-Origin value for this request's Origin, or null for none. */
    public String allowOriginHeader(String origin) {
        if (origins.isEmpty()) return credentials && origin != null ? origin : "*";
        return origin != null && origins.contains(origin) ? origin : null;
    }
}
