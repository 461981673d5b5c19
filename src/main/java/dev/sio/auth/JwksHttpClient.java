package dev.sio.auth;

import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP client that fetches a remote JWKS, with threads that belong to us, so that undeploying
 * the application stops them: its work runs on our executor (threads {@code socketio-jwks-N}), and
 * {@link #close()} shuts that down and, on Java 21 and later, the client itself
 * ({@code HttpClient.shutdownNow()}). On Java 17 the client's selector thread ends by itself once
 * the client is unreachable.
 */
final class JwksHttpClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JwksHttpClient.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService executor;
    private final HttpClient client;

    private JwksHttpClient(ExecutorService executor, HttpClient client) {
        this.executor = executor;
        this.client = client;
    }

    static JwksHttpClient create() {
        ExecutorService executor = Executors.newCachedThreadPool(threads());
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(JwksCache.DEFAULT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)   // NORMAL never follows https -> http
                .executor(executor)
                .build();
        return new JwksHttpClient(executor, client);
    }

    HttpClient client() {
        return client;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            // Java 21+: closes the client's connections and its selector thread at once
            Method shutdownNow = HttpClient.class.getMethod("shutdownNow");
            shutdownNow.invoke(client);
        } catch (NoSuchMethodException e) {
            // Java 17: nothing to call; the selector thread ends once the client is unreachable
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.DEBUG, "JWKS client shutdown failed: {0}", e.toString());
        }
    }

    private static ThreadFactory threads() {
        return task -> {
            Thread thread = new Thread(task, "socketio-jwks-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
