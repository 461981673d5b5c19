package dev.sio.auth;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Finds the raw token a Socket.IO client sent, looking in this order and taking the first found:
 * <ol>
 *   <li>the CONNECT packet's {@code auth.token} (what {@code io(url, {auth: {token}})} sends; it never
 *       touches a URL or a log);</li>
 *   <li>an {@code Authorization: Bearer <token>} header on the handshake or upgrade request (header
 *       name and scheme in any case);</li>
 *   <li>when {@code mp.jwt.token.header} is {@code Cookie}: the cookie named by
 *       {@code mp.jwt.token.cookie}; when it names some other header: that header's value, with an
 *       optional {@code Bearer } prefix;</li>
 *   <li>only when {@code socketio.auth.query-token.enabled} is true: the query parameter
 *       {@code socketio.auth.query-token.parameter}. Off by default because query strings are written
 *       to access logs and browser history.</li>
 * </ol>
 * Blank values are skipped. Nothing is verified here: that is {@link TokenVerifier}'s job.
 */
public final class TokenExtractor {
    private static final String AUTHORIZATION = "Authorization";
    private static final String COOKIE = "Cookie";
    private static final String BEARER = "bearer";

    private final JwtSettings settings;

    public TokenExtractor(JwtSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param auth    the CONNECT packet's auth object, or {@code null}
     * @param headers handshake request headers; names are matched case-insensitively; may be {@code null}
     * @param query   handshake query parameters, already URL-decoded; may be {@code null}
     */
    public Optional<String> extract(JsonObject auth, Map<String, List<String>> headers,
                                    Map<String, List<String>> query) {
        return fromAuth(auth)
                .or(() -> fromAuthorizationHeader(headers))
                .or(() -> fromConfiguredHeader(headers))
                .or(() -> fromQuery(query));
    }

    private static Optional<String> fromAuth(JsonObject auth) {
        if (auth == null) {
            return Optional.empty();
        }
        JsonValue token = auth.get("token");
        return token instanceof JsonString s ? nonBlank(s.getString()) : Optional.empty();
    }

    private static Optional<String> fromAuthorizationHeader(Map<String, List<String>> headers) {
        for (String value : Headers.values(headers, AUTHORIZATION)) {
            Optional<String> token = bearer(value);
            if (token.isPresent()) {
                return token;
            }
        }
        return Optional.empty();
    }

    private Optional<String> fromConfiguredHeader(Map<String, List<String>> headers) {
        String header = settings.tokenHeader();
        if (header.equalsIgnoreCase(AUTHORIZATION)) {
            return Optional.empty();   // already looked at
        }
        if (header.equalsIgnoreCase(COOKIE)) {
            return Cookies.find(Headers.values(headers, COOKIE), settings.tokenCookie());
        }
        for (String value : Headers.values(headers, header)) {
            Optional<String> token = bearer(value).or(() -> nonBlank(value));
            if (token.isPresent()) {
                return token;
            }
        }
        return Optional.empty();
    }

    private Optional<String> fromQuery(Map<String, List<String>> query) {
        if (!settings.queryTokenEnabled() || query == null) {
            return Optional.empty();
        }
        List<String> values = query.get(settings.queryTokenParameter());
        if (values == null) {
            return Optional.empty();
        }
        return values.stream().filter(Objects::nonNull).map(String::trim).filter(v -> !v.isEmpty()).findFirst();
    }

    /** {@code Bearer <token>}, scheme case-insensitive (RFC 7235); other schemes give nothing. */
    private static Optional<String> bearer(String headerValue) {
        String value = headerValue.trim();
        if (value.length() <= BEARER.length() || !Character.isWhitespace(value.charAt(BEARER.length()))
                || !value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.empty();
        }
        return nonBlank(value.substring(BEARER.length()));
    }

    private static Optional<String> nonBlank(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String trimmed = s.trim();
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }
}
