package dev.sio.it;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.emitter.Emitter;
import okhttp3.OkHttpClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static dev.sio.it.JavaClients.CONNECT_SECONDS;
import static dev.sio.it.JavaClients.await;
import static dev.sio.it.JavaClients.bin;
import static dev.sio.it.JavaClients.call;
import static dev.sio.it.JavaClients.json;
import static dev.sio.it.JavaClients.plain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WAR on a real Payara Micro, driven by the Java client (io.socket:socket.io-client 2.1.2)
 * over WebSocket: namespaces, auth, events and acknowledgements both ways, binary, rooms,
 * broadcasts, server-side disconnects and the chat gateway's flows with three clients.
 *
 * <p>Absence ("B gets nothing") is proven with a sentinel event the server sends after the one
 * that must not arrive: every incoming event is logged in order per socket ({@link JavaClients.Inbox}),
 * so "the next event is the sentinel" means nothing came before it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JavaClientIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.productWar("it");
    }

    @ArquillianResource
    URL deployed;

    /**
     * Event handlers run on the connection's WebSocket read thread, so one that takes longer than
     * pingTimeout (200 ms here; disconnectMe's Boolean goes through JSON-B, slow on first use)
     * keeps the client's pong unread and the server drops the connection for a ping timeout.
     */
    private static final String STALL_HINT = "the disconnect reason ('ping timeout' or 'transport close' here means the "
            + "server stalled this connection past pingTimeout instead of sending DISCONNECT)";

    private static OkHttpClient http;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Map<Socket, Map<String, Object>> chatUsers = new java.util.concurrent.ConcurrentHashMap<>();
    private URI base;

    @BeforeAll
    static void httpClient() {
        // one OkHttp client for every test, shut down at the end (its threads are not daemons)
        http = new OkHttpClient.Builder().readTimeout(1, TimeUnit.MINUTES).build();
    }

    @AfterAll
    static void stopHttpClient() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @BeforeEach
    void base() {
        base = Deployments.loopback(deployed);
    }

    @AfterEach
    void closeClients() throws InterruptedException {
        List<CompletableFuture<Object[]>> closed = new ArrayList<>();
        for (Socket socket : sockets) {
            if (socket.connected()) {
                CompletableFuture<Object[]> gone = new CompletableFuture<>();
                socket.once(Socket.EVENT_DISCONNECT, gone::complete);
                closed.add(gone);
            }
            socket.close();
        }
        for (CompletableFuture<Object[]> gone : closed) {
            try {
                gone.get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort: the socket is closed either way
            }
        }
        sockets.clear();
    }

    // ---------------------------------------------------------------- clients

    private IO.Options options() {
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

    private URI origin() {
        return URI.create("http://127.0.0.1:" + base.getPort());
    }

    /** A socket on its own connection, not connected yet (listeners go on before connecting). */
    private Socket socket(String namespace, IO.Options options) {
        Socket socket = IO.socket(URI.create(origin() + namespace), options);
        sockets.add(socket);
        return socket;
    }

    private Socket socket(String namespace) {
        return socket(namespace, options());
    }

    private Socket connect(Socket socket) throws Exception {
        CompletableFuture<Object[]> connected = new CompletableFuture<>();
        Emitter.Listener ok = connected::complete;
        Emitter.Listener refused = args ->
                connected.completeExceptionally(new AssertionError("connect_error: " + Arrays.toString(args)));
        Emitter.Listener lost = args ->
                connected.completeExceptionally(new AssertionError("disconnected while connecting: " + Arrays.toString(args)));
        socket.on(Socket.EVENT_CONNECT, ok).on(Socket.EVENT_CONNECT_ERROR, refused).on(Socket.EVENT_DISCONNECT, lost);
        try {
            socket.connect();
            await(connected, "connect", CONNECT_SECONDS);
        } finally {
            socket.off(Socket.EVENT_CONNECT, ok).off(Socket.EVENT_CONNECT_ERROR, refused).off(Socket.EVENT_DISCONNECT, lost);
        }
        assertTrue(socket.connected());
        assertNotNull(socket.id(), "the socket id after CONNECT");
        return socket;
    }

    private Socket connected(String namespace) throws Exception {
        return connect(socket(namespace));
    }

    private JavaClients.Inbox inbox(Socket socket) {
        return new JavaClients.Inbox(socket);
    }

    /** A socket on /test with its inbox, connected. */
    private JavaClients.Inbox testClient() throws Exception {
        Socket socket = socket("/test");
        JavaClients.Inbox inbox = inbox(socket);
        connect(socket);
        return inbox;
    }

    /** A socket on /chat with its inbox, connected, as a user of its own. */
    private JavaClients.Inbox chatClient() throws Exception {
        String sub = "java-" + UUID.randomUUID();
        Socket socket = socket("/chat", chatOptions(sub));
        chatUsers.put(socket, Map.of("id", sub, "name", sub));
        JavaClients.Inbox inbox = inbox(socket);
        connect(socket);
        return inbox;
    }

    /** How a chat client connects: /chat admits token holders only. */
    private IO.Options chatOptions() {
        return chatOptions("java-" + UUID.randomUUID());
    }

    private IO.Options chatOptions(String sub) {
        IO.Options options = options();
        options.auth = Map.of("token", Deployments.token(sub));
        return options;
    }

    /** The {@code user} of a chat notice about a client of {@link #chatClient()}: {id: sub, name: display name}. */
    private Object chatUser(JavaClients.Inbox client) {
        return chatUsers.get(client.socket());
    }

    /** Makes the server send {@code sentinel} to this /test socket, after everything it sent before. */
    private static void sentinel(JavaClients.Inbox inbox, String name) {
        inbox.socket().emit("emitBack", name, "sentinel");
    }

    private static void join(JavaClients.Inbox inbox, String room) throws Exception {
        call(inbox.socket(), "join", room);
    }

    // ---------------------------------------------------------------- cold start

    /**
     * Runs first, on a server that has served nobody yet: the first call of each gateway (CDI
     * creates the beans then) and the first JSON-B binding (disconnectMe's Boolean) all happen on
     * one connection, whose heartbeat (300 ms / 200 ms here) must survive them. The tests after it
     * then run on a warm server.
     */
    @Test
    @Order(1)
    void theVeryFirstConnectionSurvivesTheServersColdStart() throws Exception {
        IO.Options options = options();
        Manager manager = new Manager(origin(), options);
        List<Socket> all = new ArrayList<>();
        for (String namespace : List.of("/", "/custom", "/chat", "/test")) {
            all.add(manager.socket(namespace, namespace.equals("/chat") ? chatOptions() : options));
        }
        sockets.addAll(all);
        List<CompletableFuture<Object[]>> gone = new ArrayList<>();
        for (Socket socket : all) {
            CompletableFuture<Object[]> disconnected = new CompletableFuture<>();
            socket.on(Socket.EVENT_DISCONNECT, disconnected::complete);
            gone.add(disconnected);
        }
        JavaClients.Inbox chat = inbox(all.get(2));
        for (Socket socket : all) connect(socket);
        Socket test = all.get(3);

        assertEquals(Map.of("ok", true), plain(call(chat.socket(), "message", "first")[0]));
        assertEquals("first", chat.expect("message")[0]);
        test.emit("disconnectMe", false);
        assertEquals("io server disconnect", await(gone.get(3), "disconnect of /test")[0], STALL_HINT);

        Semaphore pings = JavaClients.serverPings(manager);
        JavaClients.awaitHeartbeats(pings, 3); // three more heartbeats (300 ms apart here)
        for (int i = 0; i < 3; i++) {
            assertFalse(gone.get(i).isDone(), "namespace " + i + " of the first connection dropped: "
                    + Arrays.toString(gone.get(i).getNow(null)));
        }
        assertEquals(List.of("still", "up"), plain(call(all.get(0), "message-with-ack", "still", "up")));
    }

    // ---------------------------------------------------------------- connecting

    @Test
    void aClientConnectsToTheMainNamespaceAndGetsAnEmptyAuthEcho() throws Exception {
        Socket socket = socket("/");
        JavaClients.Inbox inbox = inbox(socket);
        connect(socket);

        Object[] auth = inbox.expect("auth");
        assertEquals(1, auth.length);
        assertEquals(Map.of(), plain(auth[0]), "no auth sent: the server sees {}");
    }

    @Test
    void aClientConnectsToTheChatNamespace() throws Exception {
        Socket socket = connect(socket("/chat", chatOptions()));
        Object[] ack = call(socket, "message", "hello from java");
        assertEquals(Map.of("ok", true), plain(ack[0]));
    }

    // ---------------------------------------------------------------- container fast paths

    /**
     * The fast paths below the Jakarta WebSocket API (pre-encoded frames through Tyrus's
     * sendRawFrame; Tyrus's no-op idle checks skipped on our own timer) reach Tyrus internals by
     * reflection and switch themselves off quietly when a Payara upgrade moves them: the server
     * still works, at several times the CPU per frame. This fails instead. WildFly (Undertow) takes
     * the portable path and keeps its own scheduler.
     */
    @Test
    void theContainersFastPathsAreInForce() throws Exception {
        Socket socket = connected("/diagnostics");
        call(socket, "fastPaths"); // a message received over the WebSocket: Tyrus schedules its idle check
        Map<?, ?> active = (Map<?, ?>) plain(call(socket, "fastPaths")[0]);

        boolean wildfly = "wildfly".equals(System.getProperty("arquillian.launch"));
        Map<String, String> expected = wildfly
                ? Map.of("send", "JAKARTA_ASYNC", "timer", "CONTAINER_SCHEDULER")
                : Map.of("send", "TYRUS_RAW_FRAMES", "timer", "PLAIN_SCHEDULER_SKIPPING_IDLE_CHECKS");
        assertEquals(expected, active, "fast paths on " + System.getProperty("arquillian.launch")
                + " (see WebSocketDiagnostics; the server log says why one is off)");
    }

    @Test
    void aClientConnectsToTheTestNamespace() throws Exception {
        Socket socket = connected("/test");
        Object[] count = call(socket, "count");
        assertTrue(((Number) count[0]).intValue() >= 1, "the namespace counts this socket: " + Arrays.toString(count));
        Object[] rooms = call(socket, "rooms");
        assertEquals(List.of(socket.id()), plain(rooms[0]), "a socket starts in its own room only");
    }

    @Test
    void twoNamespacesShareOneManagerAndBothWork() throws Exception {
        IO.Options options = options();
        Manager manager = new Manager(origin(), options);
        Socket chat = manager.socket("/chat", chatOptions());
        Socket test = manager.socket("/test", options);
        sockets.add(chat);
        sockets.add(test);
        JavaClients.Inbox chatInbox = inbox(chat);
        JavaClients.Inbox testInbox = inbox(test);
        connect(chat);
        connect(test);

        assertNotEquals(chat.id(), test.id(), "each namespace has its own socket id");
        assertEquals(Map.of("ok", true), plain(call(chat, "message", "over one connection")[0]));
        assertEquals("over one connection", chatInbox.expect("message")[0]);
        assertEquals(List.of("both", 2), plain(call(test, "echo", "both", 2)));
        test.emit("emitBack", "fromTest", "x");
        assertEquals("x", testInbox.expect("fromTest")[0]);
    }

    @Test
    void theAuthPayloadIsEchoedOnConnect() throws Exception {
        for (String namespace : List.of("/", "/custom")) {
            IO.Options options = options();
            options.auth = Map.of("token", "abc");
            Socket socket = socket(namespace, options);
            JavaClients.Inbox inbox = inbox(socket);
            connect(socket);
            Object[] auth = inbox.expect("auth");
            assertInstanceOf(JSONObject.class, auth[0]);
            assertEquals(Map.of("token", "abc"), plain(auth[0]), "auth echoed on " + namespace);
        }
    }

    @Test
    void anUnknownNamespaceIsRefusedWithInvalidNamespace() throws Exception {
        Socket socket = socket("/no-such-namespace");
        CompletableFuture<Object[]> error = new CompletableFuture<>();
        CompletableFuture<Object[]> connected = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT_ERROR, error::complete);
        socket.once(Socket.EVENT_CONNECT, connected::complete);
        socket.connect();

        Object[] args = await(error, "connect_error", CONNECT_SECONDS);
        assertInstanceOf(JSONObject.class, args[0], "connect_error carries the packet's data: " + Arrays.toString(args));
        assertEquals("Invalid namespace", ((JSONObject) args[0]).optString("message"));
        assertFalse(connected.isDone());
        assertFalse(socket.connected());
    }

    @Test
    void anIdleConnectionStaysUpAcrossSeveralHeartbeats() throws Exception {
        Socket socket = connected("/test");
        CompletableFuture<Object[]> disconnected = new CompletableFuture<>();
        socket.once(Socket.EVENT_DISCONNECT, disconnected::complete);

        // pingInterval 300 ms + pingTimeout 200 ms: wait for several heartbeats with nothing else sent
        JavaClients.awaitHeartbeats(JavaClients.serverPings(socket.io()), 4);

        assertFalse(disconnected.isDone(), () -> "disconnected while idle: " + Arrays.toString(disconnected.getNow(null)));
        assertEquals(List.of("awake"), plain(call(socket, "echo", "awake")));
    }

    // ---------------------------------------------------------------- events

    @Test
    void stringsNumbersBooleansAndNullTravelBothWays() throws Exception {
        Socket socket = socket("/");
        JavaClients.Inbox inbox = inbox(socket);
        connect(socket);
        inbox.expect("auth");

        socket.emit("message", "text", 42, -7, 0, 3.5, 9007199254740993L, true, false, JSONObject.NULL);
        Object[] back = inbox.expect("message-back");
        assertEquals(Arrays.asList("text", 42, -7, 0, 3.5, 9007199254740993L, true, false, null), plain(back));

        socket.emit("message");
        assertEquals(0, inbox.expect("message-back").length, "an event without arguments comes back without any");
    }

    @Test
    void objectsAndArraysTravelBothWays() throws Exception {
        Socket socket = socket("/");
        JavaClients.Inbox inbox = inbox(socket);
        connect(socket);
        inbox.expect("auth");

        JSONObject object = json("name", "ada", "age", 36, "tags", new JSONArray().put("a").put("b"),
                "nested", json("deep", json("deeper", new JSONArray().put(1).put(json("x", JSONObject.NULL)))));
        JSONArray array = new JSONArray().put(1).put("two").put(new JSONArray()).put(new JSONObject()).put(false);
        socket.emit("message", object, array);

        Object[] back = inbox.expect("message-back");
        assertInstanceOf(JSONObject.class, back[0]);
        assertInstanceOf(JSONArray.class, back[1]);
        assertEquals(plain(object), plain(back[0]));
        assertEquals(plain(array), plain(back[1]));
    }

    @Test
    void unicodeSurvivesTheRoundTripInPayloadsAndEventNames() throws Exception {
        String text = "héllo wörld ✓ 日本語 Ελληνικά עברית 😀🚀 \u2028 \"quoted\" \\ \n\t";
        Socket socket = socket("/");
        JavaClients.Inbox inbox = inbox(socket);
        connect(socket);
        inbox.expect("auth");

        socket.emit("message", text, json("clé ✓", text));
        Object[] back = inbox.expect("message-back");
        assertEquals(text, back[0]);
        assertEquals(Map.of("clé ✓", text), plain(back[1]));

        Socket test = connected("/test");
        JavaClients.Inbox testInbox = inbox(test);
        String event = "événement-✓-😀";
        test.emit("emitBack", event, text);
        assertEquals(text, testInbox.expect(event)[0]);
    }

    @Test
    void serverEmitsReachTheClientWithTheirArgumentsInOrder() throws Exception {
        JavaClients.Inbox inbox = testClient();
        for (int i = 0; i < 20; i++) inbox.socket().emit("emitBack", "seq", i, "n" + i);
        for (int i = 0; i < 20; i++) assertEquals(List.of(i, "n" + i), plain(inbox.expect("seq")));
    }

    // ---------------------------------------------------------------- acknowledgements

    @Test
    void theClientsAckCallbackGetsTheServersAnswer() throws Exception {
        Socket main = connected("/");
        Object[] answer = call(main, "message-with-ack", "a", 1, json("k", "v"), new JSONArray().put(true));
        assertEquals(List.of("a", 1, Map.of("k", "v"), List.of(true)), plain(answer));

        Socket test = connected("/test");
        assertEquals(List.of("echoed ✓", 2.25), plain(call(test, "echo", "echoed ✓", 2.25)));
        assertEquals(List.of(), plain(call(test, "echo")), "an ack without arguments");
    }

    @Test
    void theServerGetsTheClientsAckWhenItAsksForOne() throws Exception {
        JavaClients.Inbox inbox = testClient();
        Socket socket = inbox.socket();
        CompletableFuture<Object[]> asked = new CompletableFuture<>();
        socket.on("question", args -> {
            asked.complete(args);
            ((Ack) args[args.length - 1]).call("answer", 42, json("ok", true));
        });

        Object[] reply = call(socket, "requestAck",
                json("event", "question", "args", new JSONArray().put("q").put(7), "timeoutMs", 3000));

        Object[] question = await(asked, "the server's question");
        assertEquals(3, question.length, "two arguments and the ack: " + Arrays.toString(question));
        assertEquals(List.of("q", 7), plain(Arrays.copyOf(question, 2)));
        assertInstanceOf(Ack.class, question[2]);
        assertEquals(Map.of("ok", true, "response", List.of("answer", 42, Map.of("ok", true))), plain(reply[0]));
    }

    @Test
    void theServersAckTimesOutWhenTheClientNeverAnswers() throws Exception {
        JavaClients.Inbox inbox = testClient();
        Socket socket = inbox.socket();
        CompletableFuture<Ack> kept = new CompletableFuture<>();
        socket.on("ignored", args -> kept.complete((Ack) args[args.length - 1]));

        long start = System.nanoTime();
        Object[] reply = call(socket, "requestAck", json("event", "ignored", "args", new JSONArray(), "timeoutMs", 400));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(Map.of("ok", false, "error", "timeout"), plain(reply[0]));
        assertTrue(elapsedMs >= 350, "the server waited its timeout first (" + elapsedMs + " ms)");
        // an answer after the timeout is ignored, and the socket goes on working
        await(kept, "the ignored event").call("too late");
        assertEquals(List.of("still alive"), plain(call(socket, "echo", "still alive")));
        assertTrue(socket.connected());
    }

    // ---------------------------------------------------------------- binary

    @Test
    void binaryIsEchoedInAnAck() throws Exception {
        Socket socket = connected("/test");
        byte[] small = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        byte[] large = new byte[100_000];
        new Random(7).nextBytes(large);

        Object[] answer = call(socket, "echo", small);
        assertInstanceOf(byte[].class, answer[0]);
        assertArrayEquals(small, (byte[]) answer[0]);

        Object[] mixed = call(socket, "echo", "label", large, json("inner", small, "list", new JSONArray().put(small).put("t")), 5);
        assertEquals(4, mixed.length);
        assertEquals("label", mixed[0]);
        assertArrayEquals(large, (byte[]) mixed[1]);
        assertEquals(Map.of("inner", bin(small), "list", List.of(bin(small), "t")), plain(mixed[2]));
        assertEquals(5, mixed[3]);

        assertArrayEquals(new byte[0], (byte[]) call(socket, "echo", (Object) new byte[0])[0], "an empty binary");
    }

    @Test
    void binaryComesBackAsAServerEvent() throws Exception {
        JavaClients.Inbox inbox = testClient();
        byte[] data = "binary ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        inbox.socket().emit("emitBack", "binBack", data, "tail", json("b", data));

        Object[] back = inbox.expect("binBack");
        assertEquals(3, back.length);
        assertArrayEquals(data, (byte[]) back[0]);
        assertEquals("tail", back[1]);
        assertEquals(Map.of("b", bin(data)), plain(back[2]));
    }

    @Test
    void theClientCanAnswerTheServerWithBinary() throws Exception {
        JavaClients.Inbox inbox = testClient();
        Socket socket = inbox.socket();
        byte[] data = {9, 8, 7, 6};
        socket.on("giveBytes", args -> ((Ack) args[args.length - 1]).call(data));

        Object[] reply = call(socket, "requestAck", json("event", "giveBytes", "timeoutMs", 3000));
        assertEquals(Map.of("ok", true, "response", List.of(bin(data))), plain(reply[0]));
    }

    // ---------------------------------------------------------------- rooms and broadcasts

    @Test
    void aRoomEmitReachesItsMembersOnlyNotANonMember() throws Exception {
        String room = "room-" + UUID.randomUUID();
        JavaClients.Inbox a = testClient();
        JavaClients.Inbox b = testClient();
        JavaClients.Inbox c = testClient();
        join(a, room);
        join(b, room);
        assertEquals(List.of(a.socket().id(), room).stream().sorted().toList(), plain(call(a.socket(), "rooms")[0]));

        call(c.socket(), "toRoom", json("room", room, "event", "news", "args", new JSONArray().put("hi").put(1)));

        assertEquals(List.of("hi", 1), plain(a.expect("news")));
        assertEquals(List.of("hi", 1), plain(b.expect("news")));
        sentinel(c, "sentinelC");
        c.expect("sentinelC"); // the sender is not in the room: nothing came before the sentinel
    }

    @Test
    void aSocketThatLeftARoomNoLongerGetsItsEmits() throws Exception {
        String room = "room-" + UUID.randomUUID();
        JavaClients.Inbox a = testClient();
        JavaClients.Inbox b = testClient();
        join(a, room);
        join(b, room);
        call(b.socket(), "leave", room);

        call(a.socket(), "toRoom", json("room", room, "event", "news", "args", new JSONArray().put("after leave")));
        assertEquals("after leave", a.expect("news")[0]);
        sentinel(b, "sentinelB");
        b.expect("sentinelB");
    }

    @Test
    void aBroadcastFromASocketLeavesTheSenderOut() throws Exception {
        String room = "room-" + UUID.randomUUID();
        JavaClients.Inbox a = testClient();
        JavaClients.Inbox b = testClient();
        join(a, room);
        join(b, room);

        call(a.socket(), "toRoom", json("room", room, "fromSocket", true, "event", "news", "args", new JSONArray().put("x")));
        assertEquals("x", b.expect("news")[0]);
        sentinel(a, "sentinelA");
        a.expect("sentinelA");
    }

    @Test
    void aBroadcastExceptASocketSkipsIt() throws Exception {
        String room = "room-" + UUID.randomUUID();
        JavaClients.Inbox a = testClient();
        JavaClients.Inbox b = testClient();
        JavaClients.Inbox c = testClient();
        join(a, room);
        join(b, room);
        join(c, room);

        call(a.socket(), "toRoom", json("room", room, "except", b.socket().id(), "event", "news", "args", new JSONArray().put("not for b")));
        assertEquals("not for b", a.expect("news")[0]);
        assertEquals("not for b", c.expect("news")[0]);
        sentinel(b, "sentinelB");
        b.expect("sentinelB");
    }

    @Test
    void broadcastWithAckCollectsOneAnswerPerMember() throws Exception {
        String room = "room-" + UUID.randomUUID();
        JavaClients.Inbox a = testClient();
        JavaClients.Inbox b = testClient();
        JavaClients.Inbox c = testClient();
        JavaClients.Inbox outsider = testClient();
        for (JavaClients.Inbox member : List.of(a, b, c)) {
            String id = member.socket().id();
            member.socket().on("poll", args -> ((Ack) args[args.length - 1]).call("answer-" + id));
            join(member, room);
        }

        Object[] reply = call(outsider.socket(), "broadcastWithAck",
                json("room", room, "event", "poll", "args", new JSONArray().put("q?"), "timeoutMs", 3000));

        JSONObject answer = (JSONObject) reply[0];
        assertEquals(true, answer.opt("ok"), "all members answered in time: " + answer);
        List<?> responses = (List<?>) plain(answer.optJSONArray("responses"));
        assertEquals(3, responses.size(), "one answer per member: " + responses);
        assertEquals(Set.of("answer-" + a.socket().id(), "answer-" + b.socket().id(), "answer-" + c.socket().id()),
                new HashSet<>(responses));
        for (JavaClients.Inbox member : List.of(a, b, c)) assertEquals("q?", member.expect("poll")[0]);
        sentinel(outsider, "sentinelOutsider");
        outsider.expect("sentinelOutsider");
    }

    @Test
    void broadcastWithAckTimesOutWhenAMemberNeverAnswers() throws Exception {
        String room = "room-" + UUID.randomUUID();
        JavaClients.Inbox answering = testClient();
        JavaClients.Inbox silent = testClient();
        answering.socket().on("poll", args -> ((Ack) args[args.length - 1]).call("yes"));
        join(answering, room);
        join(silent, room);

        Object[] reply = call(answering.socket(), "broadcastWithAck",
                json("room", room, "event", "poll", "args", new JSONArray(), "timeoutMs", 400));
        assertEquals(Map.of("ok", false, "error", "timeout"), plain(reply[0]));
    }

    // ---------------------------------------------------------------- server-side disconnect

    @Test
    void aServerSideDisconnectIsSeenAsIoServerDisconnect() throws Exception {
        Socket socket = connected("/test");
        CompletableFuture<Object[]> disconnected = new CompletableFuture<>();
        socket.once(Socket.EVENT_DISCONNECT, disconnected::complete);

        socket.emit("disconnectMe", false);

        assertEquals("io server disconnect", await(disconnected, "disconnect")[0], STALL_HINT);
        assertFalse(socket.connected());
    }

    @Test
    void aServerSideDisconnectOfOneNamespaceLeavesTheOtherNamespacesOfTheConnectionUp() throws Exception {
        IO.Options options = options();
        Manager manager = new Manager(origin(), options);
        Socket chat = manager.socket("/chat", chatOptions());
        Socket test = manager.socket("/test", options);
        sockets.add(chat);
        sockets.add(test);
        JavaClients.Inbox chatInbox = inbox(chat);
        connect(chat);
        connect(test);
        CompletableFuture<Object[]> testGone = new CompletableFuture<>();
        CompletableFuture<Object[]> chatGone = new CompletableFuture<>();
        test.once(Socket.EVENT_DISCONNECT, testGone::complete);
        chat.once(Socket.EVENT_DISCONNECT, chatGone::complete);

        test.emit("disconnectMe", false);

        assertEquals("io server disconnect", await(testGone, "disconnect of /test")[0], STALL_HINT);
        assertEquals(Map.of("ok", true), plain(call(chat, "message", "still here")[0]));
        assertEquals("still here", chatInbox.expect("message")[0]);
        assertFalse(chatGone.isDone(), "/chat stayed connected");
        assertTrue(chat.connected());
    }

    @Test
    void aServerSideDisconnectWithCloseEndsEveryNamespaceOfTheConnection() throws Exception {
        IO.Options options = options();
        Manager manager = new Manager(origin(), options);
        Socket chat = manager.socket("/chat", chatOptions());
        Socket test = manager.socket("/test", options);
        sockets.add(chat);
        sockets.add(test);
        connect(chat);
        connect(test);
        CompletableFuture<Object[]> testGone = new CompletableFuture<>();
        CompletableFuture<Object[]> chatGone = new CompletableFuture<>();
        test.once(Socket.EVENT_DISCONNECT, testGone::complete);
        chat.once(Socket.EVENT_DISCONNECT, chatGone::complete);

        test.emit("disconnectMe", true);

        assertEquals("io server disconnect", await(testGone, "disconnect of /test")[0], STALL_HINT);
        assertEquals("io server disconnect", await(chatGone, "disconnect of /chat")[0], STALL_HINT);
    }

    // ---------------------------------------------------------------- chat, three clients

    @Test
    void aChatMessageReachesEveryoneTheSenderIncluded() throws Exception {
        JavaClients.Inbox a = chatClient();
        JavaClients.Inbox b = chatClient();
        JavaClients.Inbox c = chatClient();

        assertEquals(Map.of("ok", true), plain(call(a.socket(), "message", "hello all ✓")[0]));
        for (JavaClients.Inbox inbox : List.of(a, b, c)) assertEquals(List.of("hello all ✓"), plain(inbox.expect("message")));

        JSONObject structured = json("text", "hi", "n", 3);
        assertEquals(Map.of("ok", true), plain(call(b.socket(), "message", structured, 2)[0]));
        for (JavaClients.Inbox inbox : List.of(a, b, c)) assertEquals(List.of(plain(structured), 2), plain(inbox.expect("message")));

        Object[] empty = call(c.socket(), "message");
        assertEquals(false, ((JSONObject) empty[0]).opt("ok"), "an empty message is refused: " + empty[0]);
    }

    @Test
    void joiningAChatRoomNotifiesTheOtherMembersOnly() throws Exception {
        String room = "room-" + UUID.randomUUID();
        JavaClients.Inbox a = chatClient();
        JavaClients.Inbox b = chatClient();
        JavaClients.Inbox c = chatClient();

        assertEquals(Map.of("ok", true), plain(call(a.socket(), "joinRoom", room)[0]));
        assertEquals(Map.of("ok", true), plain(call(b.socket(), "joinRoom", room)[0]));

        assertEquals(Map.of("user", chatUser(b), "room", room), plain(a.expect("userJoined")[0]));
        // a chat message to all is everyone's sentinel: nothing else may come before it
        call(c.socket(), "message", "sentinel");
        for (JavaClients.Inbox inbox : List.of(a, b, c)) assertEquals("sentinel", inbox.expect("message")[0]);
    }

    @Test
    void aChatRoomMessageReachesTheMembersOnlyTheSenderIncluded() throws Exception {
        String room = "room-" + UUID.randomUUID();
        JavaClients.Inbox a = chatClient();
        JavaClients.Inbox b = chatClient();
        JavaClients.Inbox c = chatClient();
        call(a.socket(), "joinRoom", room);
        call(b.socket(), "joinRoom", room);
        a.expect("userJoined");

        Object answer = call(a.socket(), "roomMessage", json("room", room, "message", "for members ✓"))[0];
        assertTrue(JavaClients.acceptedRoomMessage(answer), "{ok: true, id}: " + answer);

        Map<String, Object> delivered = Map.of("room", room, "user", chatUser(a), "message", "for members ✓");
        assertEquals(delivered, JavaClients.unstamped(a.expect("message")[0]));
        assertEquals(delivered, JavaClients.unstamped(b.expect("message")[0]));
        call(a.socket(), "message", "sentinel");
        for (JavaClients.Inbox inbox : List.of(a, b, c)) assertEquals("sentinel", inbox.expect("message")[0]);
    }

    @Test
    void leavingAChatRoomNotifiesTheOthersAndStopsItsMessages() throws Exception {
        String room = "room-" + UUID.randomUUID();
        JavaClients.Inbox a = chatClient();
        JavaClients.Inbox b = chatClient();
        JavaClients.Inbox c = chatClient();
        call(a.socket(), "joinRoom", room);
        call(b.socket(), "joinRoom", room);
        call(c.socket(), "joinRoom", room);
        a.expect("userJoined");
        a.expect("userJoined");
        b.expect("userJoined");

        assertEquals(Map.of("ok", true), plain(call(b.socket(), "leaveRoom", room)[0]));
        Map<String, Object> left = Map.of("user", chatUser(b), "room", room);
        assertEquals(left, plain(a.expect("userLeft")[0]));
        assertEquals(left, plain(c.expect("userLeft")[0]));

        call(c.socket(), "roomMessage", json("room", room, "message", "b is gone"));
        Map<String, Object> delivered = Map.of("room", room, "user", chatUser(c), "message", "b is gone");
        assertEquals(delivered, JavaClients.unstamped(a.expect("message")[0]));
        assertEquals(delivered, JavaClients.unstamped(c.expect("message")[0]));
        call(a.socket(), "message", "sentinel");
        for (JavaClients.Inbox inbox : List.of(a, b, c)) assertEquals("sentinel", inbox.expect("message")[0]);
    }

    @Test
    void aMalformedChatRoomMessageIsRefusedAndDeliversNothing() throws Exception {
        String room = "room-" + UUID.randomUUID();
        JavaClients.Inbox a = chatClient();
        JavaClients.Inbox b = chatClient();
        JavaClients.Inbox c = chatClient();
        call(a.socket(), "joinRoom", room);
        call(b.socket(), "joinRoom", room);
        a.expect("userJoined");

        List<Object[]> malformed = List.of(
                new Object[]{"just a string"},
                new Object[]{},
                new Object[]{new JSONArray().put(room).put("text")},
                new Object[]{json("message", "no room")},
                new Object[]{json("room", 42, "message", "numeric room")},
                new Object[]{json("room", "", "message", "empty room")},
                new Object[]{json("room", room)});
        for (Object[] args : malformed) {
            Object[] reply = call(a.socket(), "roomMessage", args);
            assertInstanceOf(JSONObject.class, reply[0], "an answer for " + Arrays.toString(args));
            JSONObject answer = (JSONObject) reply[0];
            assertEquals(false, answer.opt("ok"), "refused: " + Arrays.toString(args) + " -> " + answer);
            assertTrue(answer.optString("error").length() > 0, "with an error text: " + answer);
        }
        Object[] badJoin = call(c.socket(), "joinRoom", 42);
        assertEquals(false, ((JSONObject) badJoin[0]).opt("ok"), "a numeric room name is refused: " + badJoin[0]);

        call(b.socket(), "message", "sentinel");
        for (JavaClients.Inbox inbox : List.of(a, b, c)) assertEquals("sentinel", inbox.expect("message")[0]);
    }
}
