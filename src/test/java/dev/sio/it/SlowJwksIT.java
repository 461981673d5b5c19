package dev.sio.it;

import com.sun.net.httpserver.HttpServer;
import dev.sio.testing.JwtFixtures;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, defect 1, on a real Payara Micro: a client whose connection ends while its token waits for a
 * slow JWKS (3 s per fetch; each attempt's token names a key the server does not know yet, so every
 * attempt fetches) must leave no socket behind: the /secure gateway's connect and disconnect counts stay
 * equal. With this deployment's heartbeat (1000 + 500 ms) the session ends by ping timeout while the
 * middleware waits (pongs are read after it), as with a client that goes away. (The conformance
 * heartbeat, 300 + 200 ms, was too short on a loaded CI machine: the session sometimes ended before
 * the CONNECT arrived, so no token was verified at all.) Before the fix, the
 * socket of each such client was registered after its session closed: {@code @OnConnect} ran,
 * {@code @OnDisconnect} never did.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SlowJwksIT {

    private static final long JWKS_DELAY_MILLIS = 3_000;
    private static final int ATTEMPTS = 4;
    private static final Pattern STATS = Pattern.compile("\"connects\":(\\d+),\"disconnects\":(\\d+)");

    /** The SSO: serves every key published so far, slowly. Started with the deployment, in this JVM. */
    private static final List<RsaJsonWebKey> PUBLISHED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static final AtomicInteger ANSWERED = new AtomicInteger();
    private static volatile long lastAnswerMillis;
    private static HttpServer jwks;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        PUBLISHED.add(Deployments.rsa("slow-" + UUID.randomUUID()));
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        jwks.createContext("/jwks", exchange -> {
            REQUESTS.incrementAndGet();
            try {
                Thread.sleep(JWKS_DELAY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = JwtFixtures.publicJwks(PUBLISHED.toArray(RsaJsonWebKey[]::new)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            lastAnswerMillis = System.currentTimeMillis();
            ANSWERED.incrementAndGet();
        });
        jwks.start();
        String settings = Deployments.CONFORMANCE_SETTINGS + String.join("\n",
                "mp.jwt.verify.publickey.location=http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks",
                "mp.jwt.verify.issuer=" + Deployments.ISSUER,
                "mp.jwt.verify.audiences=" + Deployments.AUDIENCE,
                "mp.jwt.verify.clock.skew=0",
                "socketio.auth.jwks.refresh-min-interval=0", // every unknown kid fetches: every attempt is slow
                "socketio.ping-interval=1000", // overrides the conformance heartbeat (the later line wins)
                "socketio.ping-timeout=500",
                "socketio.connect-timeout=2000",
                "");
        return Deployments.productWar("slow-jwks", settings);
    }

    @AfterAll
    static void stopJwks() {
        if (jwks != null) jwks.stop(0);
    }

    @ArquillianResource
    URL deployed;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aWebSocketClientThatClosesWhileItsTokenIsVerifiedLeavesNoSocketBehind() throws Exception {
        for (int i = 0; i < ATTEMPTS; i++) {
            awaitTrue(() -> ANSWERED.get() == REQUESTS.get(), "the previous JWKS fetch was answered");
            String token = tokenWithANewKey();
            int before = REQUESTS.get();
            RawWebSocket ws = RawWebSocket.open(http, wsUri());
            ws.send("40/secure,{\"token\":\"" + token + "\"}");
            awaitTrue(() -> REQUESTS.get() > before, "the server asked the JWKS for the new key");
            ws.abort(); // gone while the server waits for the JWKS
        }
        assertNoSocketLeft();
    }

    @Test
    void aPollingClientThatStopsWhileItsTokenIsVerifiedLeavesNoSocketBehind() throws Exception {
        for (int i = 0; i < ATTEMPTS; i++) {
            awaitTrue(() -> ANSWERED.get() == REQUESTS.get(), "the previous JWKS fetch was answered");
            String token = tokenWithANewKey();
            int before = REQUESTS.get();
            String sid = pollingHandshake();
            // the POST is answered once its body was taken (the CONNECT's middlewares run after); the client
            // never polls again, so the heartbeat (1000 + 500 ms in this deployment) ends the session long
            // before the JWKS answers
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(pollingUri(sid))
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("40/secure,{\"token\":\"" + token + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            awaitTrue(() -> REQUESTS.get() > before, "the server asked the JWKS for the new key");
        }
        assertNoSocketLeft();
    }

    /**
     * Once every fetch was answered, the server needs a few milliseconds to finish those middlewares; a
     * leaked socket then stays counted for good. So the counts are read by a control client (its key is
     * known: no fetch, no wait) for a second after the last answer, and must balance every time.
     */
    private void assertNoSocketLeft() throws Exception {
        awaitTrue(() -> ANSWERED.get() == REQUESTS.get(), "every JWKS fetch was answered");
        RawWebSocket control = RawWebSocket.open(http, wsUri());
        try {
            control.send("40/secure,{\"token\":\"" + Deployments.token(PUBLISHED.get(0), Deployments.ISSUER, "control", 600) + "\"}");
            control.await(m -> m.startsWith("40/secure,{"), 5);
            int reads = 0;
            for (int id = 1; reads < 3 || System.currentTimeMillis() < lastAnswerMillis + 1_000; id++, reads++) {
                control.send("42/secure," + id + "[\"stats\"]");
                String prefix = "43/secure," + id;
                String answer = control.await(m -> m.startsWith(prefix), 5);
                Matcher stats = STATS.matcher(answer);
                assertTrue(stats.find(), answer);
                // the control socket itself is connected: one connect more than disconnects
                assertEquals(Integer.parseInt(stats.group(1)) - 1, Integer.parseInt(stats.group(2)),
                        "every socket that reached @OnConnect also reached @OnDisconnect: " + answer);
                Thread.sleep(100); // a sample rate, not a wait for something to happen
            }
        } finally {
            control.abort();
        }
    }

    private static String tokenWithANewKey() {
        RsaJsonWebKey key = Deployments.rsa("slow-" + UUID.randomUUID());
        PUBLISHED.add(key);
        return Deployments.token(key, Deployments.ISSUER, "user-" + PUBLISHED.size(), 600);
    }

    private URI base() {
        return Deployments.loopback(deployed);
    }

    private URI wsUri() {
        return URI.create("ws://127.0.0.1:" + base().getPort() + base().getPath() + "socket.io/?EIO=4&transport=websocket");
    }

    private URI pollingUri(String sid) {
        return URI.create(base() + "socket.io/?EIO=4&transport=polling" + (sid == null ? "" : "&sid=" + sid));
    }

    private String pollingHandshake() throws Exception {
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(pollingUri(null)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher sid = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(open.body());
        assertTrue(sid.find(), open.body());
        return sid.group(1);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timeout waiting for: " + what);
            Thread.sleep(10);
        }
    }

    /** A bare Engine.IO WebSocket client: answers pings, queues the other text messages. */
    private static final class RawWebSocket implements WebSocket.Listener {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket socket;
        private CompletableFuture<WebSocket> sends = CompletableFuture.completedFuture(null);

        static RawWebSocket open(HttpClient http, URI uri) throws Exception {
            RawWebSocket client = new RawWebSocket();
            http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, client).get(10, TimeUnit.SECONDS);
            client.await(m -> m.startsWith("0{"), 5);
            return client;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if ("2".equals(message)) send("3");
                else messages.add(message);
            }
            webSocket.request(1);
            return null;
        }

        synchronized void send(String text) {
            sends = sends.exceptionally(e -> null).thenCompose(previous -> socket.sendText(text, true));
        }

        String await(java.util.function.Predicate<String> wanted, long seconds) throws InterruptedException {
            long deadline = System.currentTimeMillis() + seconds * 1000;
            List<String> seen = new java.util.ArrayList<>();
            while (true) {
                String message = messages.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (message == null) throw new AssertionError("no such message within " + seconds + " s; got " + seen);
                if (wanted.test(message)) return message;
                seen.add(message.length() > 200 ? message.substring(0, 200) + "..." : message);
            }
        }

        void abort() {
            WebSocket current = socket;
            if (current != null) current.abort();
        }
    }
}
