package dev.sio.it;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.emitter.Emitter;
import okhttp3.OkHttpClient;
import org.json.JSONObject;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static dev.sio.it.JavaClients.CONNECT_SECONDS;
import static dev.sio.it.JavaClients.await;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java clients (io.socket:socket.io-client 2.1.2) for the Admin UI integration tests: the admin's
 * settings in the deployment, an admin login as the UI makes it, and the sockets it acts on.
 */
final class AdminUiClients implements AutoCloseable {

    static final String USERNAME = "admin";
    /** Also in src/test/js/admin-ui/admin-ui.test.mjs, which logs in with it in Chromium. */
    static final String PASSWORD = "admin-ui-it";

    /** The deployment's settings: the usual ones plus the Admin UI with a $2b$ hash of {@link #PASSWORD}. */
    static String settings(String mode, boolean readOnly) {
        String hash = BCrypt.with(BCrypt.Version.VERSION_2B).hashToString(6, PASSWORD.toCharArray());
        return Deployments.CONFORMANCE_SETTINGS + Deployments.authSettings() + String.join("\n",
                "socketio.admin-ui.enabled=true",
                "socketio.admin-ui.username=" + USERNAME,
                "socketio.admin-ui.password-bcrypt=" + hash,
                "socketio.admin-ui.mode=" + mode,
                "socketio.admin-ui.read-only=" + readOnly,
                // the default heartbeat instead of the conformance suite's 300/200 ms, which a busy
                // headless Chromium can miss (the UI then shows itself disconnected for a while)
                "socketio.ping-interval=25000",
                "socketio.ping-timeout=20000",
                "");
    }

    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(1, TimeUnit.MINUTES).build();
    private final List<Socket> sockets = new ArrayList<>();
    private final URI base;

    AdminUiClients(URI base) {
        this.base = base;
    }

    IO.Options options() {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.path = (base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/") + "socket.io/";
        options.transports = new String[]{"websocket"};
        options.timeout = TimeUnit.SECONDS.toMillis(CONNECT_SECONDS);
        options.callFactory = http;
        options.webSocketFactory = http;
        return options;
    }

    Socket socket(String namespace, Map<String, String> auth) {
        IO.Options options = options();
        if (auth != null) options.auth = auth;
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + base.getPort() + namespace), options);
        synchronized (sockets) {
            sockets.add(socket);
        }
        return socket;
    }

    /** Connects and returns the CONNECT outcome: null when accepted, else the connect_error's arguments. */
    static Object[] connect(Socket socket) throws InterruptedException {
        CompletableFuture<Object[]> outcome = new CompletableFuture<>();
        Emitter.Listener ok = args -> outcome.complete(null);
        Emitter.Listener refused = outcome::complete;
        socket.once(Socket.EVENT_CONNECT, ok).once(Socket.EVENT_CONNECT_ERROR, refused);
        socket.connect();
        return await(outcome, "connect or connect_error", CONNECT_SECONDS);
    }

    /** A connected socket with its inbox (the client suite's /test gateway, for instance). */
    JavaClients.Inbox client(String namespace) throws InterruptedException {
        Socket socket = socket(namespace, null);
        JavaClients.Inbox inbox = new JavaClients.Inbox(socket);
        Object[] refused = connect(socket);
        if (refused != null) fail("connect_error on " + namespace + ": " + Arrays.toString(refused));
        return inbox;
    }

    /** An admin socket that records what the server sends it, by event name. */
    static final class Admin {
        final Socket socket;
        private final BlockingQueue<Object[]> events = new LinkedBlockingQueue<>();

        Admin(Socket socket) {
            this.socket = socket;
            socket.onAnyIncoming(events::add);
        }

        /** The arguments of the next event of this name (others are skipped), within {@code seconds}. */
        Object[] next(String event, long seconds) throws InterruptedException {
            return next(event, seconds, args -> true);
        }

        /** The first event of this name whose arguments pass {@code test}, within {@code seconds}. */
        Object[] next(String event, long seconds, Predicate<Object[]> test) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<String> seen = new ArrayList<>();
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                Object[] next = events.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) break;
                Object[] args = Arrays.copyOfRange(next, 1, next.length);
                if (event.equals(next[0]) && test.test(args)) return args;
                if (seen.size() < 20) seen.add(next[0] + " " + Arrays.toString(args));
            }
            throw new AssertionError("no fitting '" + event + "' within " + seconds + " s; seen: " + seen);
        }
    }

    /** A login to /admin with the given auth; the socket is not connected yet. */
    Admin admin(Map<String, String> auth) {
        return new Admin(socket("/admin", auth));
    }

    Admin loggedIn() throws InterruptedException {
        Admin admin = admin(Map.of("username", USERNAME, "password", PASSWORD));
        Object[] refused = connect(admin.socket);
        if (refused != null) fail("the admin login was refused: " + Arrays.toString(refused));
        return admin;
    }

    static String message(Object[] connectError) {
        Object first = connectError.length == 0 ? null : connectError[0];
        return first instanceof JSONObject json ? json.optString("message") : String.valueOf(first);
    }

    @Override
    public void close() {
        synchronized (sockets) {
            sockets.forEach(Socket::close);
            sockets.clear();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
