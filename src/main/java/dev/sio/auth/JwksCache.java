package dev.sio.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jose4j.jwk.JsonWebKey;

/**
 * A JWKS (or PEM) published at an http(s) URL, fetched on first use and cached.
 *
 * <p>SSOs rotate their signing keys by publishing a new key (new {@code kid}) and then signing with
 * it. So when a token names a {@code kid} we do not have, {@link #refresh()} refetches. Because
 * anyone can send tokens with made-up {@code kid}s, refetches are rate limited: at most one fetch
 * (successful or not) per {@code minIntervalMillis}. Inside that window an unknown {@code kid} is
 * simply unknown.
 *
 * <p>An SSO also withdraws keys (retired, or compromised). So keys older than {@code maxAgeMillis} are
 * refetched in the background: the caller goes on with the keys it has (no connection waits for the
 * SSO), and the next callers see the new set, without the withdrawn key. These fetches count against
 * the same rate limit.
 *
 * <p>A failed fetch keeps the keys we had: an SSO outage must not lock out tokens signed with keys
 * we already know.
 *
 * <p>Thread-safe: fetches are serialised (at most one background fetch at a time), readers see the
 * latest list through a volatile field.
 */
final class JwksCache implements KeySource {
    private static final System.Logger LOG = System.getLogger(JwksCache.class.getName());

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Real JWKS documents are a few KB; refuse anything absurd rather than buffer it. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final URI uri;
    private final HttpClient client;
    private final Duration timeout;
    private final long minIntervalMillis;
    private final long maxAgeMillis;
    private final Clock clock;
    private final AtomicBoolean backgroundFetch = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;

    private volatile List<JsonWebKey> keys;   // null until the first successful fetch
    private volatile long loadedAtMillis;     // when keys were fetched
    private boolean attempted;                // guarded by this
    private long lastAttemptMillis;           // guarded by this
    private int fetchCount;                   // guarded by this

    /**
     * @param minIntervalMillis at most one fetch per this many milliseconds
     * @param maxAgeMillis      keys older than this are refetched in the background; 0: never (only for an
     *                          unknown kid)
     */
    JwksCache(URI uri, HttpClient client, Duration timeout, long minIntervalMillis, long maxAgeMillis, Clock clock) {
        this(uri, client, timeout, minIntervalMillis, maxAgeMillis, clock, () -> { });
    }

    /** @param onClose releases the client when this cache owns it */
    JwksCache(URI uri, HttpClient client, Duration timeout, long minIntervalMillis, long maxAgeMillis, Clock clock,
              Runnable onClose) {
        this.onClose = Objects.requireNonNull(onClose, "onClose");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.minIntervalMillis = minIntervalMillis;
        this.maxAgeMillis = maxAgeMillis;
        this.clock = Objects.requireNonNull(clock, "clock");
        if ("http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
            LOG.log(Level.WARNING, "JWKS location {0} is plain http: keys fetched from it can be forged "
                    + "on the network; use https", uri);
        }
    }

    static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .connectTimeout(DEFAULT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)   // NORMAL never follows https -> http
                .build();
    }

    @Override
    public List<JsonWebKey> keys() {
        List<JsonWebKey> current = keys;
        if (current == null) {
            refresh();
            current = keys;
        } else if (maxAgeMillis > 0 && clock.millis() - loadedAtMillis >= maxAgeMillis) {
            refreshInBackground();
        }
        return current == null ? List.of() : current;
    }

    @Override
    public java.util.Optional<String> problem() {
        if (keys != null) return java.util.Optional.empty();
        refreshInBackground();
        return java.util.Optional.of("no verification key loaded yet from " + uri);
    }

    /** Starts a fetch unless one is running or the rate limit forbids it; never waits for it. */
    private void refreshInBackground() {
        if (!backgroundFetch.compareAndSet(false, true)) {
            return;
        }
        if (!startAttempt()) {
            backgroundFetch.set(false);
            return;
        }
        client.sendAsync(request(), HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> {
                    try {
                        return readKeys(response);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .whenComplete((fetched, failure) -> {
                    try {
                        if (fetched != null) {
                            loaded(fetched);
                        } else {
                            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause() : failure;
                            LOG.log(Level.WARNING, "Cannot refresh the JWKS from {0}: {1}; keeping {2} known key(s)",
                                    uri, cause, keys == null ? 0 : keys.size());
                        }
                    } finally {
                        backgroundFetch.set(false);
                    }
                });
    }

    /** Counts a fetch attempt, or returns false inside the rate-limit window. */
    private synchronized boolean startAttempt() {
        long now = clock.millis();
        long elapsed = now - lastAttemptMillis;
        // elapsed < 0: the wall clock went back; do not let that block refetches for that long.
        if (attempted && elapsed >= 0 && elapsed < minIntervalMillis) {
            LOG.log(Level.DEBUG, "JWKS refetch from {0} skipped: last fetch {1} ms ago", uri, elapsed);
            return false;
        }
        attempted = true;
        lastAttemptMillis = now;
        fetchCount++;
        return true;
    }

    private void loaded(List<JsonWebKey> fetched) {
        keys = fetched;
        loadedAtMillis = clock.millis();
        LOG.log(Level.INFO, "Loaded {0} verification key(s) from {1}", fetched.size(), uri);
    }

    @Override
    public synchronized void refresh() {
        if (!startAttempt()) {
            return;
        }
        try {
            loaded(readKeys(client.send(request(), HttpResponse.BodyHandlers.ofInputStream())));
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "Cannot load the JWKS from {0}: {1}; keeping {2} known key(s)",
                    uri, e.getMessage(), keys == null ? 0 : keys.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "Interrupted while loading the JWKS from {0}", uri);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) onClose.run();
    }

    /** How many fetches were attempted; for tests and diagnostics. */
    synchronized int fetchCount() {
        return fetchCount;
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/jwk-set+json, application/json, application/x-pem-file, */*")
                .GET()
                .build();
    }

    private static List<JsonWebKey> readKeys(HttpResponse<InputStream> response) throws IOException {
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException("response larger than " + MAX_BODY_BYTES + " bytes");
            }
            return KeyText.parse(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses: resolving a name here would cost a DNS lookup at startup.
        if (host.matches("[0-9.]+") || host.startsWith("[")) {
            try {
                return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }
}
