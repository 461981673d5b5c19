package dev.sio.auth;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * Chooses the {@link KeySource} for a {@link JwtSettings}: the inline key when there is one,
 * otherwise the location. Local keys (text, file, classpath) are read once, here, so that a bad
 * key stops the application at start instead of failing every connection later. Remote ones are
 * fetched lazily by {@link JwksCache}, so that an SSO that is down at our start does not stop us.
 */
final class KeySources {
    private static final System.Logger LOG = System.getLogger(KeySources.class.getName());
    private static final String CLASSPATH = "classpath:";
    private static final String FILE = "file:";

    private KeySources() {
    }

    /**
     * @param client the HTTP client for a remote JWKS; null: one of our own, made only when needed
     * @throws IllegalStateException when no key is configured or the configured one cannot be read
     */
    static KeySource from(JwtSettings settings, HttpClient client, Clock clock) {
        if (settings.publicKey() != null) {
            if (settings.publicKeyLocation() != null) {
                LOG.log(Level.WARNING, "Both {0} and {1} are set; using {0}",
                        JwtSettings.PUBLIC_KEY, JwtSettings.PUBLIC_KEY_LOCATION);
            }
            return KeySource.fixed(parse(settings.publicKey(), JwtSettings.PUBLIC_KEY));
        }
        String location = settings.publicKeyLocation();
        if (location == null) {
            throw new IllegalStateException("No token verification key configured: set "
                    + JwtSettings.PUBLIC_KEY + " or " + JwtSettings.PUBLIC_KEY_LOCATION);
        }
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            URI uri;
            try {
                uri = URI.create(location);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(JwtSettings.PUBLIC_KEY_LOCATION + " is not a valid URL: " + location, e);
            }
            // our own client unless one was given (tests): its threads stop with close()
            JwksHttpClient owned = client == null ? JwksHttpClient.create() : null;
            return new JwksCache(uri, owned != null ? owned.client() : client, JwksCache.DEFAULT_TIMEOUT,
                    settings.jwksRefreshMinIntervalMillis(), settings.jwksMaxAgeMillis(), clock,
                    owned != null ? owned::close : () -> { });
        }
        return KeySource.fixed(parse(readLocal(location), JwtSettings.PUBLIC_KEY_LOCATION + " " + location));
    }

    private static java.util.List<org.jose4j.jwk.JsonWebKey> parse(String text, String origin) {
        try {
            return KeyText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(origin + ": " + e.getMessage(), e);
        }
    }

    private static String readLocal(String location) {
        if (location.startsWith(CLASSPATH)) {
            return readClasspath(location.substring(CLASSPATH.length()), location);
        }
        Path path = location.startsWith(FILE) ? fileUrlPath(location) : plainPath(location);
        if (path != null && Files.isRegularFile(path)) {
            return readFile(path, location);
        }
        if (!location.startsWith(FILE)) {
            // The MP-JWT spec lets a relative location name a resource inside the application.
            return readClasspath(location, location);
        }
        throw new IllegalStateException(JwtSettings.PUBLIC_KEY_LOCATION + ": no such file: " + location);
    }

    private static Path fileUrlPath(String location) {
        URI uri = URI.create(location);
        // "file:keys/jwks.json" is an opaque URI that Path.of(URI) refuses; take it as a relative path.
        return uri.isOpaque() ? plainPath(uri.getSchemeSpecificPart()) : Path.of(uri);
    }

    private static Path plainPath(String location) {
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String readFile(Path path, String location) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(JwtSettings.PUBLIC_KEY_LOCATION + ": cannot read " + location
                    + ": " + e.getMessage(), e);
        }
    }

    private static String readClasspath(String resource, String location) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = KeySources.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(JwtSettings.PUBLIC_KEY_LOCATION + ": not found: " + location);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(JwtSettings.PUBLIC_KEY_LOCATION + ": cannot read " + location
                    + ": " + e.getMessage(), e);
        }
    }
}
