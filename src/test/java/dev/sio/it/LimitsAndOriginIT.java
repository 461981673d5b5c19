package dev.sio.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The WAR on a real Payara Micro with an allowed-origin list, credentials, a per-address connection
 * limit and a small payload limit: CORS and the Origin check on both transports (cross-site
 * WebSocket hijacking), the per-address quota (refusal with 503, the place given back on close) and
 * the payload limit (polling 413, WebSocket close 1009), spoken raw with {@link HttpClient} and
 * {@link WebSocket} from 127.0.0.1.
 *
 * <p>Every session a test opens is closed after it ({@link #closeEverything()}), so the next test
 * finds the address's five places free. A close gives its place back on the server's thread just
 * after the client has its answer, so the sessions a test needs open are opened with a bounded wait
 * for a place ({@link #openPolling()}); the refusals themselves are asserted at once.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LimitsAndOriginIT {

    private static final String ALLOWED = "http://allowed.test";
    private static final String FOREIGN = "http://evil.test";
    private static final int MAX_PER_ADDRESS = 5;
    private static final int MAX_PAYLOAD = 10_000;

    /**
     * The conformance application gives namespace "/" its echo ("message" -> "message-back"). Its
     * heartbeat (300 ms + 200 ms) and connect timeout (1 s) would end the idle sessions a limit test
     * holds before it asks for the sixth, so the timings here are long enough to outlive a test;
     * every test closes what it opens.
     */
    static final String SETTINGS = String.join("\n",
            "socketio.conformance.enabled=true",
            "socketio.ping-interval=10000",
            "socketio.ping-timeout=5000",
            "socketio.connect-timeout=15000",
            "socketio.cors.origins=" + ALLOWED,
            "socketio.cors.credentials=true",
            "socketio.max-connections-per-address=" + MAX_PER_ADDRESS,
            "socketio.max-http-buffer-size=" + MAX_PAYLOAD,
            // this deployment also proves the portable WebSocket path on Payara: sends through the
            // Jakarta API (no Tyrus direct write) and Tyrus's own managed scheduler, as on other servers
            "socketio.websocket.direct-send=false",
            "socketio.websocket.plain-scheduler=false",
            "") + Deployments.authSettings(); // the chat gateway needs a verification key to start

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final long WAIT_MILLIS = 10_000;
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return productWar("limits", SETTINGS);
    }

    /** The WAR Maven built, with these settings as its microprofile-config.properties. */
    static WebArchive productWar(String name, String settings) {
        File war = new File(System.getProperty("sio.war", "target/socketio-jakarta.war"));
        if (!war.isFile()) throw new IllegalStateException("Build the WAR first (mvn package): " + war.getAbsolutePath());
        return ShrinkWrap.create(ZipImporter.class, name + ".war").importFrom(war).as(WebArchive.class)
                .addAsResource(new StringAsset(settings), "META-INF/microprofile-config.properties");
    }

    @ArquillianResource
    URL deployed;

    private static HttpClient http;

    private final List<PollingSession> pollingSessions = new ArrayList<>();
    private final List<WsClient> webSockets = new ArrayList<>();

    @BeforeAll
    static void client() {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void noClient() {
        http = null; // the JDK client has no close() before Java 21; its threads are daemons
    }

    @AfterEach
    void closeEverything() {
        for (PollingSession session : pollingSessions) session.closeQuietly();
        for (WsClient socket : webSockets) socket.closeQuietly();
        pollingSessions.clear();
        webSockets.clear();
    }

    // ---- CORS and Origin on polling ----

    @Test
    void aPollingHandshakeFromTheAllowedOriginIsAnsweredWithItsOriginCredentialsAndVaryOrigin() throws Exception {
        HttpResponse<String> response = send(handshakeRequest(ALLOWED));
        assertEquals(200, response.statusCode(), response.body());
        pollingSessions.add(new PollingSession(sidOf(response.body())));
        assertTrue(response.body().startsWith("0{"), "an open packet: " + response.body());
        HttpHeaders headers = response.headers();
        assertEquals(List.of(ALLOWED), headers.allValues("Access-Control-Allow-Origin"), describe(headers));
        assertEquals(List.of("true"), headers.allValues("Access-Control-Allow-Credentials"), describe(headers));
        assertTrue(tokens(headers, "Vary").contains("origin"), "Vary names Origin: " + describe(headers));
    }

    @Test
    void aPollingHandshakeFromAForeignOriginIsRefusedWith403AndAJsonBodyAndNoCorsHeaders() throws Exception {
        HttpResponse<String> response = send(handshakeRequest(FOREIGN));
        assertEquals(403, response.statusCode(), response.body());
        assertJson(response);
        JsonObject body = json(response.body());
        assertEquals(4, body.getInt("code"), response.body());
        assertEquals("Forbidden", body.getString("message"), response.body());
        assertEquals(Optional.empty(), response.headers().firstValue("Access-Control-Allow-Origin"), describe(response.headers()));
        assertEquals(Optional.empty(), response.headers().firstValue("Access-Control-Allow-Credentials"), describe(response.headers()));
    }

    @Test
    void aPreflightFromTheAllowedOriginIsAnsweredWith204AndTheRequestedHeadersAndMethods() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(pollingUri(null))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-requested-with")
                .timeout(REQUEST_TIMEOUT).build());
        HttpHeaders headers = response.headers();
        assertEquals(204, response.statusCode(), response.body());
        assertEquals("", response.body());
        assertEquals(List.of(ALLOWED), headers.allValues("Access-Control-Allow-Origin"), describe(headers));
        assertEquals(List.of("true"), headers.allValues("Access-Control-Allow-Credentials"), describe(headers));
        List<String> allowHeaders = tokens(headers, "Access-Control-Allow-Headers");
        assertTrue(allowHeaders.containsAll(List.of("content-type", "x-requested-with")), describe(headers));
        List<String> allowMethods = tokens(headers, "Access-Control-Allow-Methods");
        assertTrue(allowMethods.containsAll(List.of("get", "post")), describe(headers));
        assertTrue(tokens(headers, "Vary").contains("origin"), "Vary names Origin: " + describe(headers));
    }

    @Test
    void aPreflightFromAForeignOriginIsRefusedWith403AndNoCorsHeaders() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(pollingUri(null))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", FOREIGN)
                .header("Access-Control-Request-Method", "POST")
                .timeout(REQUEST_TIMEOUT).build());
        assertEquals(403, response.statusCode(), response.body());
        assertEquals(Optional.empty(), response.headers().firstValue("Access-Control-Allow-Origin"), describe(response.headers()));
        assertEquals(Optional.empty(), response.headers().firstValue("Access-Control-Allow-Methods"), describe(response.headers()));
    }

    // ---- Origin on WebSocket (cross-site WebSocket hijacking) ----

    @Test
    void aWebSocketUpgradeFromAForeignOriginIsRefusedWith403() throws Exception {
        assertEquals(403, refusedWebSocketStatus(FOREIGN));
    }

    @Test
    void aWebSocketFromTheAllowedOriginAndOneWithoutAnOriginAreBothAccepted() throws Exception {
        WsClient fromPage = openWebSocket(ALLOWED);
        assertOpenPacket(fromPage.next());
        WsClient nonBrowser = openWebSocket(null);
        assertOpenPacket(nonBrowser.next());
    }

    // ---- connections per address ----

    @Test
    void fivePollingSessionsFromOneAddressOpenTheSixthIsRefusedWith503AndClosingOneGivesItsPlaceBack() throws Exception {
        for (int i = 0; i < MAX_PER_ADDRESS; i++) openPolling();

        assertTooManyFromThisAddress(send(handshakeRequest(null)));
        assertEquals(503, refusedWebSocketStatus(null), "the sixth over WebSocket");

        PollingSession first = pollingSessions.get(0);
        HttpResponse<String> closed = first.post("1");
        assertEquals(200, closed.statusCode(), closed.body());
        first.closed = true;
        openPolling(); // the place is given back
        assertTooManyFromThisAddress(send(handshakeRequest(null))); // and only that one
    }

    @Test
    void fiveWebSocketsFromOneAddressOpenTheSixthIsRefusedWith503AndClosingOneGivesItsPlaceBack() throws Exception {
        for (int i = 0; i < MAX_PER_ADDRESS; i++) openWebSocketWithinQuota();

        assertEquals(503, refusedWebSocketStatus(null), "the sixth over WebSocket");
        assertTooManyFromThisAddress(send(handshakeRequest(null)));

        WsClient first = webSockets.get(0);
        first.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        assertEquals(WebSocket.NORMAL_CLOSURE, first.closeCode(), "the server answers the close");
        openWebSocketWithinQuota(); // the place is given back
        assertEquals(503, refusedWebSocketStatus(null), "and only that one");
    }

    // ---- payload limit ----

    @Test
    void aPollingPostOfExactlyTheLimitIsEchoedAndOneByteMoreIsRefusedWith413AndEndsTheSession() throws Exception {
        PollingSession session = openPolling();
        assertEquals(200, session.post("40").statusCode());
        session.awaitPacket(p -> p.startsWith("40{"));

        String text = padding(MAX_PAYLOAD - "42[\"message\",\"\"]".length());
        String atLimit = "42[\"message\",\"" + text + "\"]";
        assertEquals(MAX_PAYLOAD, atLimit.getBytes(StandardCharsets.UTF_8).length);
        HttpResponse<String> accepted = session.post(atLimit);
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertEquals("ok", accepted.body());
        session.awaitPacket(("42[\"message-back\",\"" + text + "\"]")::equals);

        HttpResponse<String> tooLarge = session.post(atLimit.replace("\",\"", "\",\"x"));
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        assertJson(tooLarge);
        session.closed = true;

        HttpResponse<String> next = session.get();
        assertEquals(400, next.statusCode(), "the session is closed: " + next.body());
        assertEquals(1, json(next.body()).getInt("code"), "Session ID unknown: " + next.body());
    }

    @Test
    void aWebSocketMessageOfExactlyTheLimitIsEchoedAndOneByteMoreClosesTheSocketWith1009() throws Exception {
        WsClient socket = openWebSocket(null);
        String sid = sidOf(assertOpenPacket(socket.next()));
        socket.send("40");
        socket.await(m -> m.startsWith("40{"));

        String text = padding(MAX_PAYLOAD - "42[\"message\",\"\"]".length());
        String atLimit = "42[\"message\",\"" + text + "\"]";
        assertEquals(MAX_PAYLOAD, atLimit.getBytes(StandardCharsets.UTF_8).length);
        socket.send(atLimit);
        socket.await(("42[\"message-back\",\"" + text + "\"]")::equals);

        socket.send(atLimit.replace("\",\"", "\",\"x"));
        assertEquals(1009, socket.closeCode(), "close code 1009 (message too big)");
        assertSessionGone(sid);
    }

    @Test
    void aWebSocketMessageUnderTheLimitInCharactersButOverItInUtf8BytesClosesTheSocketWith1009() throws Exception {
        WsClient socket = openWebSocket(null);
        String sid = sidOf(assertOpenPacket(socket.next()));
        socket.send("40");
        socket.await(m -> m.startsWith("40{"));

        String euros = "\u20ac".repeat(3_400); // 3 bytes each in UTF-8
        String frame = "42[\"message\",\"" + euros + "\"]";
        assertTrue(frame.length() < MAX_PAYLOAD && frame.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD);
        socket.send(frame);
        assertEquals(1009, socket.closeCode(), "close code 1009 (message too big)");
        assertSessionGone(sid);
    }

    // ---- helpers: polling ----

    private URI base() {
        URI base = Deployments.loopback(deployed);
        return base.getPath().endsWith("/") ? base : URI.create(base + "/");
    }

    private URI pollingUri(String sid) {
        return base().resolve("socket.io/?EIO=4&transport=polling" + (sid == null ? "" : "&sid=" + sid));
    }

    private URI webSocketUri() {
        URI base = base();
        return URI.create("ws://" + base.getAuthority() + base.getPath() + "socket.io/?EIO=4&transport=websocket");
    }

    private HttpRequest handshakeRequest(String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(pollingUri(null)).GET().timeout(REQUEST_TIMEOUT);
        if (origin != null) request.header("Origin", origin);
        return request.build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * A polling handshake that must succeed. A 503 is retried for a bounded time only because a
     * place given back by a close (this test's or the previous one's) is released on the server's
     * thread just after the client has its answer.
     */
    private PollingSession openPolling() throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            HttpResponse<String> response = send(handshakeRequest(null));
            if (response.statusCode() == 200) {
                assertTrue(response.body().startsWith("0{"), "an open packet: " + response.body());
                PollingSession session = new PollingSession(sidOf(response.body()));
                pollingSessions.add(session);
                return session;
            }
            assertEquals(503, response.statusCode(), response.body());
            if (System.currentTimeMillis() > deadline) {
                fail("no place was free for a polling session within " + WAIT_MILLIS + " ms: " + response.body());
            }
            Thread.sleep(50);
        }
    }

    private static void assertTooManyFromThisAddress(HttpResponse<String> response) {
        assertEquals(503, response.statusCode(), "the sixth polling handshake: " + response.body());
        assertJson(response);
        JsonObject body = json(response.body());
        assertTrue(body.containsKey("code"), response.body());
        assertEquals("Too many connections from this address", body.getString("message"), response.body());
    }

    /** The session's id is unknown to the server (it answers a poll with 400, code 1), within a bounded wait. */
    private void assertSessionGone(String sid) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        HttpResponse<String> response;
        do {
            response = send(HttpRequest.newBuilder(pollingUri(sid)).GET().timeout(REQUEST_TIMEOUT).build());
            if (response.statusCode() == 400 && json(response.body()).getInt("code") == 1) return;
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        fail("session " + sid + " is still known to the server: " + response.statusCode() + " " + response.body());
    }

    private final class PollingSession {
        final String sid;
        volatile boolean closed;

        PollingSession(String sid) {
            this.sid = sid;
        }

        HttpResponse<String> post(String payload) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(pollingUri(sid)).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "text/plain;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)).build());
        }

        HttpResponse<String> get() throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(pollingUri(sid)).GET().timeout(REQUEST_TIMEOUT).build());
        }

        /** Polls until a packet matches, answering pings; the others are skipped. */
        String awaitPacket(Predicate<String> wanted) throws Exception {
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            List<String> seen = new ArrayList<>();
            while (System.currentTimeMillis() < deadline) {
                HttpResponse<String> response = get();
                assertEquals(200, response.statusCode(), response.body());
                for (String packet : response.body().split("\u001e")) {
                    if (wanted.test(packet)) return packet;
                    if (packet.equals("2")) assertEquals(200, post("3").statusCode());
                    seen.add(abbreviate(packet));
                }
            }
            throw new AssertionError("no such packet within " + WAIT_MILLIS + " ms; got " + seen);
        }

        void closeQuietly() {
            if (closed) return;
            closed = true;
            try {
                post("1");
            } catch (IOException | RuntimeException e) {
                // the server may have closed it already
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- helpers: WebSocket ----

    private WsClient openWebSocket(String origin) throws Exception {
        WsClient client = new WsClient();
        try {
            connect(client, origin).get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("WebSocket handshake failed: " + handshakeFailure(e), e);
        }
        webSockets.add(client);
        return client;
    }

    /** A WebSocket that must open; a 503 is retried for a bounded time (see {@link #openPolling()}). */
    private WsClient openWebSocketWithinQuota() throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            WsClient client = new WsClient();
            try {
                connect(client, null).get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                webSockets.add(client);
                assertOpenPacket(client.next());
                return client;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof WebSocketHandshakeException refused) || refused.getResponse().statusCode() != 503) {
                    throw new AssertionError("WebSocket handshake failed: " + handshakeFailure(e), e);
                }
                if (System.currentTimeMillis() > deadline) {
                    fail("no place was free for a WebSocket within " + WAIT_MILLIS + " ms");
                }
                Thread.sleep(50);
            }
        }
    }

    /** The HTTP status of a WebSocket handshake that must be refused. */
    private int refusedWebSocketStatus(String origin) throws Exception {
        WsClient client = new WsClient();
        try {
            connect(client, origin).get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) return refused.getResponse().statusCode();
            throw new AssertionError("the handshake failed without an HTTP answer: " + e.getCause(), e);
        }
        webSockets.add(client);
        String first = client.messages.poll(1, TimeUnit.SECONDS);
        throw new AssertionError("the WebSocket was accepted (origin " + origin + "); first message: " + first);
    }

    private CompletableFuture<WebSocket> connect(WsClient client, String origin) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) builder.header("Origin", origin);
        return builder.buildAsync(webSocketUri(), client);
    }

    private static String handshakeFailure(ExecutionException e) {
        if (e.getCause() instanceof WebSocketHandshakeException refused) {
            HttpResponse<?> response = refused.getResponse();
            return "HTTP " + response.statusCode() + " " + response.body();
        }
        return String.valueOf(e.getCause());
    }

    private static String assertOpenPacket(String message) {
        assertTrue(message.startsWith("0{") && message.contains("\"upgrades\":[]"), "an open packet: " + message);
        assertTrue(message.contains("\"maxPayload\":" + MAX_PAYLOAD), "the open packet tells the limit: " + message);
        return message;
    }

    /** Collects whole text messages, answers the server's pings, remembers the close code. */
    private static final class WsClient implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<WebSocket> sends = CompletableFuture.completedFuture(null);
        volatile WebSocket socket;

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

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        /** One send at a time, as the JDK client demands. */
        synchronized CompletableFuture<WebSocket> send(String text) {
            sends = sends.exceptionally(e -> null).thenCompose(previous -> socket.sendText(text, true));
            return sends;
        }

        String next() throws InterruptedException {
            String message = messages.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            if (message == null) throw new AssertionError("no message within " + WAIT_MILLIS + " ms");
            return message;
        }

        String await(Predicate<String> wanted) throws InterruptedException {
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            List<String> seen = new ArrayList<>();
            while (true) {
                String message = messages.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (message == null) throw new AssertionError("no such message within " + WAIT_MILLIS + " ms; got " + seen);
                if (wanted.test(message)) return message;
                seen.add(abbreviate(message));
            }
        }

        /** The close code the server sent, within a bounded wait. */
        int closeCode() throws Exception {
            try {
                return closed.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("the server did not close the WebSocket within " + WAIT_MILLIS + " ms", e);
            }
        }

        void closeQuietly() {
            WebSocket current = socket;
            if (current == null) return;
            try {
                if (!closed.isDone() && !current.isOutputClosed()) {
                    current.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
                }
                closed.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already closed, or the server did not answer: abort below
            } finally {
                current.abort();
            }
        }
    }

    // ---- helpers: misc ----

    private static String sidOf(String openPacket) {
        Matcher matcher = SID.matcher(openPacket);
        assertTrue(matcher.find(), "a sid in " + openPacket);
        return matcher.group(1);
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new AssertionError("not a JSON object: " + text, e);
        }
    }

    private static void assertJson(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("application/json"), "Content-Type " + type);
        assertFalse(json(response.body()).isEmpty(), response.body());
    }

    /** The comma-separated values of a header, lower-cased, over all its lines. */
    private static List<String> tokens(HttpHeaders headers, String name) {
        List<String> tokens = new ArrayList<>();
        for (String line : headers.allValues(name)) {
            Arrays.stream(line.split(",")).map(String::trim).map(String::toLowerCase).filter(t -> !t.isEmpty()).forEach(tokens::add);
        }
        return tokens;
    }

    private static String describe(HttpHeaders headers) {
        return "headers " + headers.map();
    }

    private static String padding(int length) {
        return "a".repeat(length);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...(" + text.length() + " chars)";
    }
}
