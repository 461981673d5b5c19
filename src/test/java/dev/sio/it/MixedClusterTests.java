package dev.sio.it;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import okhttp3.OkHttpClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.json.JSONArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.sio.it.JavaClients.CONNECT_SECONDS;
import static dev.sio.it.JavaClients.await;
import static dev.sio.it.JavaClients.json;
import static dev.sio.it.JavaClients.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A mixed cluster on the local Redis: our server (the deployment, with the cluster adapter of the
 * subclass's mode) and a Node socket.io 4.8.4 server with @socket.io/redis-adapter 8.3 in the same
 * mode and key prefix ({@link NodeClusterNode}); a stock Java socket.io client on each, on
 * namespace /cluster (whose gateway, {@link ClusterTestGateway}, and the Node script serve the same
 * events). Each operation is run from either side and must reach the other.
 */
abstract class MixedClusterTests {

    /** One prefix per test class run: this run's channels are its own. */
    static String newPrefix(String mode) {
        return "it-" + mode + "-" + System.nanoTime();
    }

    static String clusterSettings(String adapter, String prefix) {
        return String.join("\n", "socketio.adapter=" + adapter, "socketio.redis.uri=redis://127.0.0.1:6379",
                "socketio.redis.key-prefix=" + prefix, "socketio.redis.requests-timeout=3000", "");
    }

    @ArquillianResource
    URL deployed;

    private static OkHttpClient http;
    private static NodeClusterNode node;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    abstract String mode();

    abstract String prefix();

    @BeforeAll
    static void httpClient() {
        http = new OkHttpClient.Builder().readTimeout(1, TimeUnit.MINUTES).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) node.close();
        node = null;
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @AfterEach
    void closeClients() {
        for (Socket socket : sockets) socket.close();
        sockets.clear();
    }

    NodeClusterNode node() throws Exception {
        if (node == null) node = NodeClusterNode.start(mode(), prefix());
        return node;
    }

    // ---- clients

    /** A client of one node: every event it receives, by name; it answers "ask" with its name. */
    final class Client {
        final Socket socket;
        final String name;
        private final Map<String, BlockingQueue<Object[]>> events = new ConcurrentHashMap<>();

        Client(String name, URI origin, String path) throws Exception {
            this(name, origin, path, "/cluster", Map.of("token", "secret-token-of-" + name, "user", name));
        }

        Client(String name, URI origin, String path, String namespace, Map<String, String> auth) throws Exception {
            this.name = name;
            IO.Options options = new IO.Options();
            options.forceNew = true;
            options.reconnection = false;
            options.path = path;
            options.transports = new String[]{"websocket"};
            options.timeout = TimeUnit.SECONDS.toMillis(CONNECT_SECONDS);
            options.callFactory = http;
            options.webSocketFactory = http;
            options.auth = auth;
            socket = IO.socket(URI.create(origin + namespace), options);
            sockets.add(socket);
            socket.onAnyIncoming(args -> queue(String.valueOf(args[0])).add(Arrays.copyOfRange(args, 1, args.length)));
            socket.on(Socket.EVENT_DISCONNECT, args -> queue(Socket.EVENT_DISCONNECT).add(args));
            socket.on("ask", args -> ((Ack) args[args.length - 1]).call(name + "-answer"));
            CompletableFuture<Object[]> connected = new CompletableFuture<>();
            socket.once(Socket.EVENT_CONNECT, connected::complete);
            socket.once(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(new AssertionError(Arrays.toString(args))));
            socket.connect();
            await(connected, name + " connect", CONNECT_SECONDS);
            assertNotNull(socket.id());
        }

        private BlockingQueue<Object[]> queue(String event) {
            return events.computeIfAbsent(event, e -> new LinkedBlockingQueue<>());
        }

        String id() {
            return socket.id();
        }

        /** The arguments of the next {@code event}, waiting at most 5 s. */
        Object[] next(String event) throws InterruptedException {
            Object[] args = queue(event).poll(JavaClients.WAIT_SECONDS, TimeUnit.SECONDS);
            if (args == null) fail(name + " got no '" + event + "' within " + JavaClients.WAIT_SECONDS + " s");
            return args;
        }

        /** Emits with an acknowledgement and returns its first argument as plain Java. */
        Object call(String event, Object... args) throws InterruptedException {
            Object[] answer = JavaClients.call(socket, event, args);
            return answer.length == 0 ? null : plain(answer[0]);
        }

        void join(String room) throws InterruptedException {
            call("join", room);
        }
    }

    Client javaClient(String name) throws Exception {
        URI base = Deployments.loopback(deployed);
        String path = (base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/") + "socket.io/";
        return new Client(name, URI.create("http://127.0.0.1:" + base.getPort()), path);
    }

    Client nodeClient(String name) throws Exception {
        return new Client(name, URI.create("http://127.0.0.1:" + node().port()), "/socket.io/");
    }

    /** A chat user on our node (/chat, the product's gateway) or on the Node node (the reference chat). */
    Client chatClient(String user, boolean onNode) throws Exception {
        Map<String, String> auth = Map.of("token", Deployments.token(user));
        if (onNode) return new Client(user, URI.create("http://127.0.0.1:" + node().port()), "/socket.io/", "/chat", auth);
        URI base = Deployments.loopback(deployed);
        String path = (base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/") + "socket.io/";
        return new Client(user, URI.create("http://127.0.0.1:" + base.getPort()), path, "/chat", auth);
    }

    /** The chat, unchanged, across a Java and a Node node: joins and room messages reach the other node's users. */
    @Test
    void theChatWorksAcrossTheNodes() throws Exception {
        Client alice = chatClient("alice", false);
        Client bob = chatClient("bob", true);
        String room = "lobby-" + mode();
        assertEquals(Map.of("ok", true), alice.call("joinRoom", room));
        assertEquals(Map.of("ok", true), bob.call("joinRoom", room));
        Object joined = plain(alice.next("userJoined")[0]);
        assertEquals(room, ((Map<?, ?>) joined).get("room"), "bob's join, from the Node node, told to alice on ours: " + joined);
        assertEquals("bob", ((Map<?, ?>) ((Map<?, ?>) joined).get("user")).get("id"), joined.toString());

        Object fromJava = alice.call("roomMessage", json("room", room, "message", "hi from java"));
        assertTrue(JavaClients.acceptedRoomMessage(fromJava), "{ok: true, id}: " + fromJava);
        Object atBob = plain(bob.next("message")[0]);
        assertEquals("hi from java", ((Map<?, ?>) atBob).get("message"), atBob.toString());
        assertEquals("alice", ((Map<?, ?>) ((Map<?, ?>) atBob).get("user")).get("id"), atBob.toString());
        assertEquals("hi from java", ((Map<?, ?>) plain(alice.next("message")[0])).get("message"), "the room includes the sender");
        Object fromNode = bob.call("roomMessage", json("room", room, "message", "hi from node"));
        assertTrue(JavaClients.acceptedRoomMessage(fromNode), "{ok: true, id} (the reference chat stamps messages too): " + fromNode);
        Object atAlice = plain(alice.next("message")[0]);
        assertEquals("hi from node", ((Map<?, ?>) atAlice).get("message"), atAlice.toString());
    }

    /** Asks until the answer is as expected (cluster operations cross Redis asynchronously), at most 10 s. */
    static void eventually(Object expected, Supplier<Object> ask) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Object last;
        do {
            last = ask.get();
            if (expected.equals(last)) return;
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertEquals(expected, last);
    }

    private static Object unchecked(Client c, String event, Object... args) {
        try {
            return c.call(event, args);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Both sides count two servers: our node holds its counting channel once. */
    void bothCount(Client java, Client node) throws InterruptedException {
        eventually(2, () -> unchecked(java, "serverCount"));
        eventually(2, () -> unchecked(node, "serverCount"));
    }

    @SuppressWarnings("unchecked")
    static List<Object> ids(Object fetchAnswer) {
        Map<String, Object> answer = (Map<String, Object>) fetchAnswer;
        assertEquals(null, answer.get("error"), "fetchSockets failed: " + answer);
        List<Object> ids = new ArrayList<>();
        for (Object s : (List<Object>) answer.get("sockets")) ids.add(((Map<String, Object>) s).get("id"));
        ids.sort(null);
        return ids;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> socket(Object fetchAnswer, String id) {
        for (Object s : (List<Object>) ((Map<String, Object>) fetchAnswer).get("sockets")) {
            if (id.equals(((Map<String, Object>) s).get("id"))) return (Map<String, Object>) s;
        }
        throw new AssertionError("no socket " + id + " in " + fetchAnswer);
    }

    static List<Object> sorted(Object... values) {
        List<Object> list = new ArrayList<>(Arrays.asList(values));
        list.sort(null);
        return list;
    }

    // ---- the tests both modes pass

    @Test
    void aRoomBroadcastFromEitherSideReachesTheRoomsClientsOnBoth() throws Exception {
        Client java = javaClient("java");
        Client node = nodeClient("node");
        Client outsider = javaClient("outsider");
        bothCount(java, node);
        java.join("r1");
        node.join("r1");
        java.call("toRoom", json("room", "r1", "event", "hello", "args", new JSONArray().put("from-java")));
        assertEquals(List.of("from-java"), plain(java.next("hello")));
        assertEquals(List.of("from-java"), plain(node.next("hello")));
        node.call("toRoom", json("room", "r1", "event", "hello", "args", new JSONArray().put("from-node")));
        assertEquals(List.of("from-node"), plain(java.next("hello")));
        assertEquals(List.of("from-node"), plain(node.next("hello")));
        // a sentinel to everyone proves the outsider got neither room message
        java.call("toRoom", json("room", outsider.id(), "event", "sentinel", "args", new JSONArray()));
        outsider.next("sentinel");
        assertEquals(null, outsider.events.get("hello"), "the outsider is in no room");
    }

    @Test
    void aBinaryRoomBroadcastCrossesBothWays() throws Exception {
        Client java = javaClient("java");
        Client node = nodeClient("node");
        bothCount(java, node);
        java.join("bin");
        node.join("bin");
        List<Object> expected = List.of(JavaClients.bin(new byte[] {1, 2, 3}), "text");
        java.call("toRoomBinary", json("room", "bin", "event", "bytes"));
        assertEquals(expected, plain(node.next("bytes")), "Java to Node");
        assertEquals(expected, plain(java.next("bytes")));
        node.call("toRoomBinary", json("room", "bin", "event", "bytes"));
        assertEquals(expected, plain(java.next("bytes")), "Node to Java");
        assertEquals(expected, plain(node.next("bytes")));
    }

    @Test
    void fetchSocketsFromEitherSideListsTheOthersSocketsWithoutTheirToken() throws Exception {
        Client java = javaClient("java");
        Client node = nodeClient("node");
        bothCount(java, node);
        Object fromNode = node.call("fetch", (Object) null);
        assertEquals(sorted(java.id(), node.id()), ids(fromNode));
        assertEquals(Map.of("user", "java"), socket(fromNode, java.id()).get("auth"), "our node publishes no token");
        assertEquals(sorted(java.id(), node.id()), ids(java.call("fetch", (Object) null)));
        node.join("only-node");
        assertEquals(List.of(node.id()), ids(java.call("fetch", "only-node")));
        assertClusterMetricsMoved();
    }

    /**
     * The server's metrics (Payara's /metrics, WildFly's /prometheus) show the cluster's traffic: this
     * node published its fetch requests, received Node's, and its own requests were answered.
     */
    private void assertClusterMetricsMoved() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        for (String series : List.of("socketio_cluster_messages_published_total", "socketio_cluster_messages_received_total",
                "socketio_cluster_requests_answered_total")) {
            double value = ServerMetrics.value(http, Deployments.loopback(deployed).getPort(), series);
            if (value < 1) fail(series + " is " + value + " after cross-node fetches");
        }
    }

    @Test
    void serverSideEmitWithAckIsAnsweredByTheOtherSideBothWays() throws Exception {
        Client java = javaClient("java");
        Client node = nodeClient("node");
        bothCount(java, node);
        Object fromJava = java.call("serverSideEmit", json("value", "q1", "timeoutMs", 3000));
        assertEquals(Map.of("answers", List.of("node-answer:q1")), withoutNullError(fromJava));
        Object fromNode = node.call("serverSideEmit", json("value", "q2", "timeoutMs", 3000));
        assertEquals(Map.of("answers", List.of("java-answer:q2")), withoutNullError(fromNode));
    }

    @Test
    void serverSideEmitWithoutAckReachesTheOtherSidesHandlerBothWays() throws Exception {
        Client java = javaClient("java");
        Client node = nodeClient("node");
        bothCount(java, node);
        String fromJava = "note-from-java-" + System.nanoTime();
        java.call("note", fromJava);
        eventually(fromJava, () -> unchecked(node, "lastNote"));
        String fromNode = "note-from-node-" + System.nanoTime();
        node.call("note", fromNode);
        eventually(fromNode, () -> unchecked(java, "lastNote"));
    }

    @Test
    void aBroadcastWithAckCollectsTheAnswersOfClientsOnBothSides() throws Exception {
        Client java = javaClient("java");
        Client node = nodeClient("node");
        bothCount(java, node);
        java.join("acks");
        node.join("acks");
        Object fromJava = java.call("broadcastWithAck", json("room", "acks", "event", "ask", "timeoutMs", 3000));
        assertEquals(Map.of("responses", sorted("java-answer", "node-answer")), sortedResponses(fromJava));
        Object fromNode = node.call("broadcastWithAck", json("room", "acks", "event", "ask", "timeoutMs", 3000));
        assertEquals(Map.of("responses", sorted("java-answer", "node-answer")), sortedResponses(fromNode));
    }

    @Test
    void socketsJoinAndDisconnectSocketsActAcrossNodes() throws Exception {
        Client java = javaClient("java");
        Client node = nodeClient("node");
        bothCount(java, node);
        java.call("socketsJoin", json("from", node.id(), "room", "pulled-by-java"));
        eventually(List.of(node.id()), () -> ids(unchecked(node, "fetch", "pulled-by-java")));
        node.call("socketsJoin", json("from", java.id(), "room", "pulled-by-node"));
        eventually(List.of(java.id()), () -> ids(unchecked(java, "fetch", "pulled-by-node")));
        java.call("disconnectRoom", node.id());
        node.next(Socket.EVENT_DISCONNECT);
        Client other = nodeClient("other");
        other.call("disconnectRoom", java.id());
        java.next(Socket.EVENT_DISCONNECT);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutNullError(Object answer) {
        Map<String, Object> m = new java.util.TreeMap<>((Map<String, Object>) answer);
        if (m.get("error") == null) m.remove("error");
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> sortedResponses(Object answer) {
        Map<String, Object> m = withoutNullError(answer);
        List<Object> r = new ArrayList<>((List<Object>) m.get("responses"));
        r.sort(null);
        m.put("responses", r);
        return m;
    }
}
