package dev.sio.auth;

import java.util.List;
import java.util.Optional;

/** Reads one cookie out of {@code Cookie} request header values ({@code a=1; b=2}, RFC 6265). */
final class Cookies {
    private Cookies() {
    }

    /**
     * The first non-empty value of the cookie {@code name}. Names are compared exactly: cookie names
     * are case-sensitive, unlike header names. Surrounding double quotes are removed.
     */
    static Optional<String> find(List<String> cookieHeaderValues, String name) {
        for (String header : cookieHeaderValues) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || !pair.substring(0, eq).trim().equals(name)) {
                    continue;
                }
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!value.isEmpty()) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }
}
