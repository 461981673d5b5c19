package dev.sio.auth;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.Config;

/**
 * How tokens are found and verified. Built from MicroProfile Config by {@link #fromConfig(Config)},
 * or directly (tests, {@link DevTokenIssuer}).
 *
 * <p>The canonical constructor normalises its input, so every instance is usable as is: blank
 * strings become {@code null}, {@code null} collections become empty (algorithms default to
 * {@code RS256}), the header defaults to {@code Authorization}, the cookie to {@code Bearer}, the
 * query parameter to {@code token}. It refuses negative durations and algorithms that are not
 * asymmetric JWS algorithms ({@code none} and {@code HS*} in particular).
 *
 * @param publicKey                    inline key text: PEM, JWK or JWKS JSON (or base64url of the JSON);
 *                                     {@code mp.jwt.verify.publickey}
 * @param publicKeyLocation            where to read the key: a path, {@code file:}, {@code classpath:}
 *                                     or an http(s) URL of a JWKS or PEM; {@code mp.jwt.verify.publickey.location}
 * @param algorithms                   JWS algorithms accepted in the token header; {@code mp.jwt.verify.publickey.algorithm}
 * @param issuer                       required {@code iss}, or {@code null} to accept any; {@code mp.jwt.verify.issuer}
 * @param audiences                    at least one must be in {@code aud}; empty to skip the check;
 *                                     {@code mp.jwt.verify.audiences}
 * @param clockSkewSeconds             leeway for {@code exp}, {@code nbf} and the token age; {@code mp.jwt.verify.clock.skew}
 * @param tokenAgeSeconds              maximum seconds since {@code iat}, or {@code null} for no limit;
 *                                     {@code mp.jwt.verify.token.age}
 * @param tokenHeader                  {@code Authorization}, {@code Cookie} or a custom header name; {@code mp.jwt.token.header}
 * @param tokenCookie                  cookie name used when the header is {@code Cookie}; {@code mp.jwt.token.cookie}
 * @param queryTokenEnabled            whether a query-string token is looked at; {@code socketio.auth.query-token.enabled}
 * @param queryTokenParameter          its parameter name; {@code socketio.auth.query-token.parameter}
 * @param jwksRefreshMinIntervalMillis minimum time between two fetches of a remote JWKS;
 *                                     {@code socketio.auth.jwks.refresh-min-interval}
 * @param jwksMaxAgeMillis             age after which a remote JWKS is refetched in the background, so a key
 *                                     the SSO withdrew stops being accepted; 0 = only on an unknown kid;
 *                                     {@code socketio.auth.jwks.max-age}
 */
public record JwtSettings(String publicKey, String publicKeyLocation, Set<String> algorithms, String issuer,
                          Set<String> audiences, int clockSkewSeconds, Long tokenAgeSeconds, String tokenHeader,
                          String tokenCookie, boolean queryTokenEnabled, String queryTokenParameter,
                          long jwksRefreshMinIntervalMillis, long jwksMaxAgeMillis) {

    /** {@code mp.jwt.verify.publickey}: the verification key itself (PEM, JWK or JWKS). No default. */
    public static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    /** {@code mp.jwt.verify.publickey.location}: path, {@code file:}, {@code classpath:} or http(s) URL. No default. */
    public static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    /** {@code mp.jwt.verify.publickey.algorithm}: one algorithm or a comma list. Default {@code RS256}. */
    public static final String ALGORITHM = "mp.jwt.verify.publickey.algorithm";
    /** {@code mp.jwt.verify.issuer}: expected {@code iss}. Default: not checked. */
    public static final String ISSUER = "mp.jwt.verify.issuer";
    /** {@code mp.jwt.verify.audiences}: comma list, one of which must be in {@code aud}. Default: not checked. */
    public static final String AUDIENCES = "mp.jwt.verify.audiences";
    /** {@code mp.jwt.verify.clock.skew}: seconds of leeway. Default {@code 60}. */
    public static final String CLOCK_SKEW = "mp.jwt.verify.clock.skew";
    /** {@code mp.jwt.verify.token.age}: maximum seconds since {@code iat}. Default: no limit. */
    public static final String TOKEN_AGE = "mp.jwt.verify.token.age";
    /** {@code mp.jwt.token.header}: {@code Authorization}, {@code Cookie} or another header. Default {@code Authorization}. */
    public static final String TOKEN_HEADER = "mp.jwt.token.header";
    /** {@code mp.jwt.token.cookie}: cookie name when the header is {@code Cookie}. Default {@code Bearer}. */
    public static final String TOKEN_COOKIE = "mp.jwt.token.cookie";
    /** {@code socketio.auth.query-token.enabled}: accept a token in the query string. Default {@code false}. */
    public static final String QUERY_TOKEN_ENABLED = "socketio.auth.query-token.enabled";
    /** {@code socketio.auth.query-token.parameter}: its parameter name. Default {@code token}. */
    public static final String QUERY_TOKEN_PARAMETER = "socketio.auth.query-token.parameter";
    /** {@code socketio.auth.jwks.refresh-min-interval}: milliseconds between two JWKS fetches. Default {@code 30000}. */
    public static final String JWKS_REFRESH_MIN_INTERVAL = "socketio.auth.jwks.refresh-min-interval";
    /** {@code socketio.auth.jwks.max-age}: milliseconds after which a remote JWKS is refetched. Default {@code 600000}. */
    public static final String JWKS_MAX_AGE = "socketio.auth.jwks.max-age";

    public static final int DEFAULT_CLOCK_SKEW_SECONDS = 60;
    public static final String DEFAULT_TOKEN_HEADER = "Authorization";
    public static final String DEFAULT_TOKEN_COOKIE = "Bearer";
    public static final String DEFAULT_QUERY_TOKEN_PARAMETER = "token";
    public static final long DEFAULT_JWKS_REFRESH_MIN_INTERVAL_MILLIS = 30_000L;
    public static final long DEFAULT_JWKS_MAX_AGE_MILLIS = 600_000L;

    public JwtSettings {
        publicKey = blankToNull(publicKey);
        publicKeyLocation = blankToNull(publicKeyLocation);
        issuer = blankToNull(issuer);
        algorithms = normaliseAlgorithms(algorithms);
        audiences = audiences == null ? Set.of() : audiences.stream()
                .map(JwtSettings::blankToNull).filter(a -> a != null)
                .collect(Collectors.toUnmodifiableSet());
        if (clockSkewSeconds < 0) {
            throw new IllegalArgumentException(CLOCK_SKEW + " must not be negative: " + clockSkewSeconds);
        }
        if (tokenAgeSeconds != null && tokenAgeSeconds <= 0) {
            throw new IllegalArgumentException(TOKEN_AGE + " must be positive: " + tokenAgeSeconds);
        }
        tokenHeader = orDefault(tokenHeader, DEFAULT_TOKEN_HEADER);
        tokenCookie = orDefault(tokenCookie, DEFAULT_TOKEN_COOKIE);
        queryTokenParameter = orDefault(queryTokenParameter, DEFAULT_QUERY_TOKEN_PARAMETER);
        if (jwksRefreshMinIntervalMillis < 0) {
            throw new IllegalArgumentException(
                    JWKS_REFRESH_MIN_INTERVAL + " must not be negative: " + jwksRefreshMinIntervalMillis);
        }
        if (jwksMaxAgeMillis < 0) {
            throw new IllegalArgumentException(JWKS_MAX_AGE + " must not be negative: " + jwksMaxAgeMillis);
        }
    }

    /**
     * Reads the settings from MicroProfile Config. Keys (see the constants above for each):
     * <ul>
     *   <li>{@value #PUBLIC_KEY}: inline key text, PEM ({@code PUBLIC KEY} or {@code CERTIFICATE}), JWK, JWKS,
     *       or base64url-encoded JWK/JWKS. Takes precedence over the location when both are set.</li>
     *   <li>{@value #PUBLIC_KEY_LOCATION}: a file path, {@code file:} URL, {@code classpath:} resource or
     *       http(s) URL. An http(s) JWKS is cached and refetched when a token names an unknown {@code kid}.</li>
     *   <li>{@value #ALGORITHM}: default {@code RS256}; also RS384, RS512, PS256, PS384, PS512, ES256, ES384,
     *       ES512; a comma list accepts several.</li>
     *   <li>{@value #ISSUER}: exact {@code iss} to require; unset means any issuer.</li>
     *   <li>{@value #AUDIENCES}: comma list; the token's {@code aud} must contain one; unset means no check.</li>
     *   <li>{@value #CLOCK_SKEW}: seconds, default 60.</li>
     *   <li>{@value #TOKEN_AGE}: seconds since {@code iat}; unset means no limit (then {@code iat} is optional).</li>
     *   <li>{@value #TOKEN_HEADER}: default {@code Authorization}.</li>
     *   <li>{@value #TOKEN_COOKIE}: default {@code Bearer}.</li>
     *   <li>{@value #QUERY_TOKEN_ENABLED}: default {@code false}; query strings end up in access logs.</li>
     *   <li>{@value #QUERY_TOKEN_PARAMETER}: default {@code token}.</li>
     *   <li>{@value #JWKS_REFRESH_MIN_INTERVAL}: milliseconds, default 30000.</li>
     *   <li>{@value #JWKS_MAX_AGE}: milliseconds, default 600000; 0 refetches only for an unknown {@code kid}.</li>
     * </ul>
     * Values are read as strings and parsed here so that a typo gives a message naming the key.
     *
     * @throws IllegalArgumentException when a value cannot be parsed or is out of range
     */
    public static JwtSettings fromConfig(Config config) {
        return new JwtSettings(
                text(config, PUBLIC_KEY).orElse(null),
                text(config, PUBLIC_KEY_LOCATION).orElse(null),
                text(config, ALGORITHM).map(JwtSettings::commaList).orElse(null),
                text(config, ISSUER).orElse(null),
                text(config, AUDIENCES).map(JwtSettings::commaList).orElse(null),
                number(config, CLOCK_SKEW, Integer.MAX_VALUE).orElse((long) DEFAULT_CLOCK_SKEW_SECONDS).intValue(),
                number(config, TOKEN_AGE, Long.MAX_VALUE).orElse(null),
                text(config, TOKEN_HEADER).orElse(null),
                text(config, TOKEN_COOKIE).orElse(null),
                bool(config, QUERY_TOKEN_ENABLED).orElse(false),
                text(config, QUERY_TOKEN_PARAMETER).orElse(null),
                number(config, JWKS_REFRESH_MIN_INTERVAL, Long.MAX_VALUE).orElse(DEFAULT_JWKS_REFRESH_MIN_INTERVAL_MILLIS),
                number(config, JWKS_MAX_AGE, Long.MAX_VALUE).orElse(DEFAULT_JWKS_MAX_AGE_MILLIS));
    }

    /** Whether a key (inline or by location) is configured; without one no token can be verified. */
    public boolean hasVerificationKey() {
        return publicKey != null || publicKeyLocation != null;
    }

    /** Keeps key text out of logs: a JWKS is harmless but a mis-pasted private key is not. */
    @Override
    public String toString() {
        return "JwtSettings[publicKey=" + (publicKey == null ? "unset" : "set")
                + ", publicKeyLocation=" + publicKeyLocation + ", algorithms=" + algorithms
                + ", issuer=" + issuer + ", audiences=" + audiences + ", clockSkewSeconds=" + clockSkewSeconds
                + ", tokenAgeSeconds=" + tokenAgeSeconds + ", tokenHeader=" + tokenHeader
                + ", tokenCookie=" + tokenCookie + ", queryTokenEnabled=" + queryTokenEnabled
                + ", queryTokenParameter=" + queryTokenParameter
                + ", jwksRefreshMinIntervalMillis=" + jwksRefreshMinIntervalMillis + ", jwksMaxAgeMillis=" + jwksMaxAgeMillis + "]";
    }

    private static Set<String> normaliseAlgorithms(Set<String> requested) {
        Set<String> result = new LinkedHashSet<>();
        if (requested != null) {
            for (String alg : requested) {
                String trimmed = blankToNull(alg);
                if (trimmed == null) {
                    continue;
                }
                String canonical = trimmed.toUpperCase(Locale.ROOT);
                if (!SignatureAlgorithms.SUPPORTED.contains(canonical)) {
                    throw new IllegalArgumentException(ALGORITHM + ": unsupported algorithm '" + trimmed
                            + "'; use one of " + new java.util.TreeSet<>(SignatureAlgorithms.SUPPORTED));
                }
                result.add(canonical);
            }
        }
        if (result.isEmpty()) {
            result.add(SignatureAlgorithms.DEFAULT);
        }
        return Set.copyOf(result);
    }

    private static Set<String> commaList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Optional<String> text(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static Optional<Long> number(Config config, String key, long max) {
        return text(config, key).map(value -> {
            long parsed;
            try {
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'");
            }
            if (parsed < 0 || parsed > max) {
                throw new IllegalArgumentException(key + " is out of range: " + value);
            }
            return parsed;
        });
    }

    private static Optional<Boolean> bool(Config config, String key) {
        return text(config, key).map(value -> {
            // Strict on purpose: "yes" silently meaning false would be a surprise for a security switch.
            if (value.equalsIgnoreCase("true")) {
                return true;
            }
            if (value.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
        });
    }

    private static String blankToNull(String s) {
        if (s == null) {
            return null;
        }
        String trimmed = s.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static String orDefault(String s, String fallback) {
        String value = blankToNull(s);
        return value == null ? fallback : value;
    }
}
