import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import okhttp3.OkHttpClient;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

import java.lang.reflect.Field;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The stock Java client 1.x (io.socket:socket.io-client 1.0.2: Engine.IO 3, Socket.IO protocol 4)
 * against a deployment with socketio.allow-eio3=true. Run by NodeClientEio3IT in a JVM of its own
 * (the test classpath has the 2.x client, same packages) with the JDK's source launcher:
 *
 * <pre>java -cp target/legacy-java-client/* LegacyJavaClient.java http://127.0.0.1:8080 /it/socket.io websocket</pre>
 *
 * Tokens come in the environment (ALICE_TOKEN, BOB_TOKEN, CAROL_TOKEN, DAVE_TOKEN, WARMUP_TOKEN, BAD_TOKEN), and
 * MAX_PAYLOAD (the server's max-http-buffer-size). It drives the chat (/chat) step by step and
 * prints one JSON object a line per observed event; the IT asserts on them. It asserts nothing
 * itself: a wait that runs out prints {"event":"timeout"} and ends the program with exit code 2.
 * Every wait is bounded, and a watchdog ends the JVM after 180 s.
 */
public class LegacyJavaClient {

    static final long WAIT_SECONDS = 10;

    static String origin;
    static String path;
    static String[] transports;
    static final List<Socket> sockets = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        origin = args[0];
        path = args[1];
        transports = args[2].split(",");
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(180_000);
            } catch (InterruptedException e) {
                return;
            }
            print(json("event", "timeout", "what", "the whole run (180 s)"));
            Runtime.getRuntime().halt(3);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            run();
            print(json("event", "done"));
        } finally {
            for (Socket socket : sockets) socket.close();
        }
        System.exit(0);
    }

    static void run() throws Exception {
        warmUp();

        // connect, on Engine.IO 3, with the token in the query (upgraded to WebSocket when polling came first)
        Socket alice = chat("alice", System.getenv("ALICE_TOKEN"), false);
        Socket bob = chat("bob", System.getenv("BOB_TOKEN"), false);
        Socket carol = chat("carol", System.getenv("CAROL_TOKEN"), false);
        connect("alice", alice);
        connect("bob", bob);
        connect("carol", carol);
        if (transports.length > 1) {
            upgraded("alice", alice);
            upgraded("bob", bob);
            upgraded("carol", carol);
        }

        // a broadcast, acknowledged
        JSONObject text = json("text", "hello from the Java client 1.x");
        CompletableFuture<Object[]> atBob = event(bob, "message", a -> a.length > 0 && a[0] instanceof JSONObject o
                && text.optString("text").equals(o.optString("text")));
        ack("alice", alice, "message", text);
        await(atBob, "bob's broadcast");

        // rooms: bob joins, carol does not
        String room = "java-v1-room-" + System.nanoTime();
        ack("alice", alice, "joinRoom", room);
        CompletableFuture<Object[]> joined = event(alice, "userJoined", a -> true);
        ack("bob", bob, "joinRoom", room);
        await(joined, "alice's userJoined");
        CompletableFuture<Object[]> roomMessage = event(bob, "message", a -> a.length > 0 && a[0] instanceof JSONObject o
                && room.equals(o.optString("room")));
        ack("alice", alice, "roomMessage", json("room", room, "message", "only for the room"));
        await(roomMessage, "the room message at bob");
        // absence at carol: a broadcast sent after the room message reaches her, so the room message would have come first
        CompletableFuture<Object[]> sentinel = event(carol, "message", a -> a.length > 0 && a[0] instanceof JSONObject o
                && "sentinel".equals(o.optString("text")));
        ack("alice", alice, "message", json("text", "sentinel"));
        await(sentinel, "the sentinel broadcast at carol");

        // refusals: an error event on the socket, no connect
        for (String[] who : new String[][] {{"mallory", System.getenv("BAD_TOKEN")}, {"nobody", null}}) {
            Socket refused = chat(who[0], who[1], false);
            CompletableFuture<Object[]> error = event(refused, Socket.EVENT_ERROR, a -> true);
            refused.connect();
            await(error, who[0] + "'s error event");
            print(json("client", who[0], "event", "connected?", "connected", refused.connected()));
            refused.close();
        }

        // reconnection after the server closed the transport (a message larger than max-http-buffer-size)
        Socket dave = chat("dave", System.getenv("DAVE_TOKEN"), true);
        connect("dave", dave);
        CompletableFuture<Object[]> gone = event(dave, Socket.EVENT_DISCONNECT, a -> true);
        CompletableFuture<Object[]> back = event(dave, Socket.EVENT_RECONNECT, a -> true);
        CompletableFuture<Object[]> connectedAgain = event(dave, Socket.EVENT_CONNECT, a -> true);
        dave.emit("message", json("text", "x".repeat(Integer.parseInt(System.getenv("MAX_PAYLOAD")) + 1024)));
        await(gone, "dave's disconnect");
        await(back, "dave's reconnect");
        await(connectedAgain, "dave's connect after the reconnect");
        print(json("client", "dave", "event", "reconnected", "id", dave.id(), "transport", transport(dave).name));
        ack("dave", dave, "message", json("text", "after reconnect"));
    }

    /**
     * A cold deployment (its first WebSocket, first poll, first token check and chat handler) can
     * answer a ping later than the 200 ms the client waits for the pong (pingTimeout of the test
     * deployment), and the 1.x client then drops the connection ("ping timeout"): seen on Payara
     * with the first client of a run. So one client goes first, reconnecting until it is through
     * (bounded), and the clients whose events are checked meet a warm server.
     */
    static void warmUp() throws Exception {
        Socket warmup = chat("warmup", System.getenv("WARMUP_TOKEN"), true);
        CompletableFuture<Object[]> connected = event(warmup, Socket.EVENT_CONNECT, a -> true);
        warmup.connect();
        await(connected, "the warm-up client's connect", 60);
        if (transports.length > 1) upgraded("warmup", warmup, 30);
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        // buffered by the client over a reconnection, if one comes
        warmup.emit("message", new Object[] {json("text", "warm-up")}, (Ack) answer::complete);
        await(answer, "the warm-up client's acknowledgement", 30);
        warmup.close();
        print(json("client", "warmup", "event", "warm"));
    }

    /** A socket on /chat of a connection of its own, every event it gets printed. */
    static Socket chat(String name, String token, boolean reconnection) throws Exception {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.path = path;
        options.transports = transports;
        options.reconnection = reconnection;
        options.reconnectionDelay = 100;
        options.reconnectionDelayMax = 200;
        options.randomizationFactor = 0;
        options.timeout = 5000;
        // a client of its own, as separate devices have: OkHttp 3 lets one client run 5 calls per host at
        // once, and each WebSocket keeps one of them for its lifetime, so sockets sharing the default
        // client would queue each other's polls and pings (and miss the server's heartbeat deadline)
        OkHttpClient http = new OkHttpClient();
        options.callFactory = http;
        options.webSocketFactory = http;
        if (token != null) options.query = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        Socket socket = IO.socket(URI.create(origin + "/chat"), options);
        sockets.add(socket);
        for (String event : List.of(Socket.EVENT_CONNECT, Socket.EVENT_DISCONNECT, Socket.EVENT_ERROR,
                Socket.EVENT_CONNECT_ERROR, Socket.EVENT_CONNECT_TIMEOUT, Socket.EVENT_RECONNECT,
                "message", "userJoined", "userLeft")) {
            socket.on(event, args -> print(json("client", name, "event", event, "args", array(args))));
        }
        // the client's heartbeat (Engine.IO 3: it pings, the server answers), for a failure's diagnosis
        long start = System.nanoTime();
        socket.io().on(Manager.EVENT_PONG, args -> print(json("client", name, "event", "pong",
                "ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), "latency", args.length > 0 ? args[0] : null)));
        socket.io().on(Manager.EVENT_TRANSPORT, args -> print(json("client", name, "event", "transport",
                "ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), "name", ((Transport) args[0]).name)));
        return socket;
    }

    static void connect(String name, Socket socket) throws Exception {
        CompletableFuture<Object[]> connected = event(socket, Socket.EVENT_CONNECT, a -> true);
        socket.connect();
        await(connected, "connect");
        Transport transport = transport(socket);
        print(json("client", name, "event", "connected", "id", socket.id(), "EIO", transport.query.get("EIO"), "transport", transport.name));
    }

    /** Waits (bounded) until the connection has moved to WebSocket. */
    static void upgraded(String name, Socket socket) throws Exception {
        upgraded(name, socket, WAIT_SECONDS);
    }

    static void upgraded(String name, Socket socket, long seconds) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (Transport now = transport(socket); now == null || !"websocket".equals(now.name); now = transport(socket)) {
            if (System.nanoTime() > until) timeout("the upgrade to WebSocket");
            Thread.sleep(25);
        }
        print(json("client", name, "event", "upgraded", "id", socket.id(), "transport", transport(socket).name));
    }

    /** The Engine.IO transport in use: the Manager keeps its engine in a package-private field. */
    static Transport transport(Socket socket) throws Exception {
        Field engineField = Manager.class.getDeclaredField("engine");
        engineField.setAccessible(true);
        Object engine = engineField.get(socket.io());
        if (engine == null) return null; // between two connections of a reconnecting client
        Field transportField = io.socket.engineio.client.Socket.class.getDeclaredField("transport");
        transportField.setAccessible(true);
        return (Transport) transportField.get(engine);
    }

    /** Emits with an acknowledgement and waits for it; prints and returns its arguments. */
    static Object[] ack(String name, Socket socket, String event, Object arg) throws Exception {
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        socket.emit(event, new Object[] {arg}, (Ack) answer::complete);
        Object[] args = await(answer, "the acknowledgement of " + event);
        print(json("client", name, "event", "ack", "of", event, "args", array(args)));
        return args;
    }

    static CompletableFuture<Object[]> event(Socket socket, String event, Predicate<Object[]> which) {
        CompletableFuture<Object[]> future = new CompletableFuture<>();
        socket.on(event, args -> {
            if (!future.isDone() && which.test(args)) future.complete(args);
        });
        return future;
    }

    static Object[] await(CompletableFuture<Object[]> future, String what) throws Exception {
        return await(future, what, WAIT_SECONDS);
    }

    static Object[] await(CompletableFuture<Object[]> future, String what, long seconds) throws Exception {
        try {
            return future.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            timeout(what);
            return null;
        }
    }

    static void timeout(String what) {
        print(json("event", "timeout", "what", what));
        System.exit(2);
    }

    static JSONArray array(Object[] args) {
        JSONArray array = new JSONArray();
        for (Object arg : args) {
            if (arg == null) array.put(JSONObject.NULL);
            else if (arg instanceof JSONObject || arg instanceof JSONArray || arg instanceof String
                    || arg instanceof Number || arg instanceof Boolean) array.put(arg);
            else if (arg instanceof Ack) array.put("<ack>");
            else array.put(arg.getClass().getName() + ": " + arg);
        }
        return array;
    }

    static JSONObject json(Object... keysAndValues) {
        JSONObject object = new JSONObject();
        try {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                Object value = keysAndValues[i + 1];
                object.put((String) keysAndValues[i], value == null ? JSONObject.NULL : value);
            }
        } catch (JSONException e) {
            throw new IllegalArgumentException(e);
        }
        return object;
    }

    static synchronized void print(JSONObject line) {
        System.out.println(line);
        System.out.flush();
    }
}
