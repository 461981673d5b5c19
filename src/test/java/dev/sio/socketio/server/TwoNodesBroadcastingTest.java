package dev.sio.socketio.server;

import dev.sio.cluster.ClusterMode;
import dev.sio.cluster.ClusterNode;
import dev.sio.cluster.recovery.RecoveryConnection;
import dev.sio.cluster.recovery.RedisRecoveryStore;
import dev.sio.cluster.redis.MessageHandler;
import dev.sio.cluster.redis.RedisLinkState;
import dev.sio.cluster.redis.RedisPubSub;
import dev.sio.cluster.redis.RedisSettings;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.socketio.recovery.RecoveryLimits;
import dev.sio.socketio.recovery.RecoveryStore;
import dev.sio.socketio.server.SioHarness.TestClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.sio.socketio.server.StoredPacketClients.adapters;
import static dev.sio.socketio.server.StoredPacketClients.await;
import static dev.sio.socketio.server.StoredPacketClients.lastOffset;
import static dev.sio.socketio.server.StoredPacketClients.news;
import static dev.sio.socketio.server.StoredPacketClients.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/cluster.md "two nodes broadcasting at once", stepped by hand: real namespaces on cluster
 * adapters, their recovery store the local Redis (127.0.0.1:6379, the stream for real), their pub/sub
 * a fake the test drives. What Redis itself publishes (the store's append script) is read from Redis
 * by the test, in Redis's order; what a node publishes on its own link (a PUBLISH of its own, apart
 * from its append) is captured and may be handed over late, as Redis may run it after another node's
 * append and publish. A client that loses its connection and recovers from the offset of the last
 * packet it got must end with every stored packet once, in stream order.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TwoNodesBroadcastingTest {

    private static final String NSP = "/chat";
    private static final String ROOM = "lobby";
    private static final RedisSettings REDIS = new RedisSettings("redis://127.0.0.1:6379", "sio-order-test",
            Duration.ofSeconds(5), Duration.ofSeconds(2), 10_000);
    private static final RecoveryLimits LIMITS = new RecoveryLimits(Duration.ofMinutes(2), false, 1_000, 1 << 20, 50_000,
            32 << 20, 10_000, Set.of(NSP));

    private final String prefix = "sio-order-t" + System.nanoTime();
    private final List<Message> captured = new CopyOnWriteArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<RecoveryStore> stores = new ArrayList<>();
    private RedisClient listenerClient;
    private StatefulRedisPubSubConnection<byte[], byte[]> listener;

    /** A message on its way to the nodes; {@code apart}: published on a node's own link, apart from its append. */
    private record Message(String channel, byte[] bytes, boolean apart) {
    }

    @AfterEach
    void stop() {
        nodes.forEach(n -> n.cluster.close());
        if (listener != null) listener.close();
        if (listenerClient != null) listenerClient.shutdown();
        RedisClient cleaner = RedisClient.create(REDIS.uri());
        try (var c = cleaner.connect()) {
            for (String key : c.sync().keys(prefix + "*")) c.sync().del(key);
        } finally {
            cleaner.shutdown();
        }
        stores.forEach(RecoveryStore::close);
    }

    // ---- the nodes

    private final class Node {
        final FakeLink link = new FakeLink();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final ClusterNode cluster;
        final SioHarness harness;
        final Namespace chat;

        Node(ClusterMode mode) {
            cluster = new ClusterNode(link, mode, task -> {
                Thread t = new Thread(task, "test-cluster");
                t.setDaemon(true);
                threads.add(t);
                return t;
            }, 1000, 1 << 20);
            RedisRecoveryStore store = new RedisRecoveryStore(new RecoveryConnection(REDIS), LIMITS, prefix + "-recovery");
            stores.add(store);
            harness = new SioHarness(new SocketIoConfig(SioHarness.CONNECT_TIMEOUT, 10, LIMITS, adapters(mode, cluster, store)), 256);
            chat = harness.io.of(NSP);
            chat.use(socket -> socket.identify(socket.handshake().auth().getString("user", null)));
            chat.on("join", (socket, args, ack) -> socket.join(args.get(0, String.class)));
            nodes.add(this);
        }

        /** Hands a message to this node as Redis would (nothing when no subscription matches) and waits until it is handled. */
        void deliver(Message m) {
            long before = cluster.received();
            boolean reached = link.deliver(m);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline) {
                boolean idle = cluster.received() >= before + (reached ? 1 : 0);
                for (Thread t : threads) {
                    Thread.State s = t.getState();
                    idle &= s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.TERMINATED;
                }
                if (idle) return;
                sleep(2);
            }
        }

        /** A stored broadcast to the room, as the application emits it. */
        void emit(String text) {
            chat.to(ROOM).emit("news", text);
        }
    }

    /** This node's pub/sub: what it publishes is captured (handed over by the test), its subscriptions kept as Redis would. */
    private final class FakeLink implements RedisPubSub {
        final Map<String, MessageHandler> channels = new ConcurrentHashMap<>();
        final Map<String, MessageHandler> patterns = new ConcurrentHashMap<>();
        private final RedisSettings settings = new RedisSettings(RedisSettings.DEFAULT_URI, prefix, Duration.ofSeconds(5), Duration.ofSeconds(2), 1000);

        boolean deliver(Message m) {
            boolean reached = false;
            MessageHandler h = channels.get(m.channel());
            if (h != null) {
                h.onMessage(m.channel(), m.bytes());
                reached = true;
            }
            for (var p : patterns.entrySet()) {
                String pattern = p.getKey();
                if (pattern.endsWith("*") && m.channel().startsWith(pattern.substring(0, pattern.length() - 1))) {
                    p.getValue().onMessage(m.channel(), m.bytes());
                    reached = true;
                }
            }
            return reached;
        }

        private CompletionStage<Long> published(String channel, byte[] message) {
            captured.add(new Message(channel, message, true));
            return CompletableFuture.completedFuture(1L);
        }

        private CompletionStage<Void> put(Map<String, MessageHandler> into, String name, MessageHandler h) {
            into.put(name, h);
            return CompletableFuture.completedFuture(null);
        }

        private CompletionStage<Void> remove(Map<String, MessageHandler> from, String name) {
            from.remove(name);
            return CompletableFuture.completedFuture(null);
        }

        @Override public CompletionStage<Long> publish(String channel, byte[] message) { return published(channel, message); }
        @Override public CompletionStage<Long> spublish(String channel, byte[] message) { return published(channel, message); }
        @Override public CompletionStage<Long> numsub(String channel) { return CompletableFuture.completedFuture((long) nodes.size()); }
        @Override public CompletionStage<Long> shardNumsub(String channel) { return CompletableFuture.completedFuture((long) nodes.size()); }
        @Override public CompletionStage<Void> subscribe(String channel, MessageHandler h) { return put(channels, channel, h); }
        @Override public CompletionStage<Void> psubscribe(String pattern, MessageHandler h) { return put(patterns, pattern, h); }
        @Override public CompletionStage<Void> ssubscribe(String channel, MessageHandler h) { return put(channels, channel, h); }
        @Override public CompletionStage<Void> unsubscribe(String channel) { return remove(channels, channel); }
        @Override public CompletionStage<Void> punsubscribe(String pattern) { return remove(patterns, pattern); }
        @Override public CompletionStage<Void> sunsubscribe(String channel) { return remove(channels, channel); }
        // RedisPubSub#confirmed (no @Override: the test also runs against the code before it)
        public boolean confirmed(String name) { return channels.containsKey(name) || patterns.containsKey(name); }
        @Override public RedisLinkState state() { return RedisLinkState.CONNECTED; }
        @Override public RedisSettings settings() { return settings; }
        @Override public CompletionStage<Void> close() { return CompletableFuture.completedFuture(null); }
    }

    /** Reads from Redis what Redis publishes under the test's prefix (the append script's publishes), in its order. */
    private void listen(ClusterMode mode) {
        listenerClient = RedisClient.create(REDIS.uri());
        listener = listenerClient.connectPubSub(ByteArrayCodec.INSTANCE);
        listener.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] pattern, byte[] channel, byte[] message) {
                captured.add(new Message(new String(channel, StandardCharsets.UTF_8), message, false));
            }

            @Override
            public void smessage(byte[] channel, byte[] message) {
                captured.add(new Message(new String(channel, StandardCharsets.UTF_8), message, false));
            }
        });
        String main = prefix + "#" + NSP + "#";
        if (mode == ClusterMode.SHARDED) listener.sync().ssubscribe(bytes(main), bytes(main + ROOM + "#"));
        else listener.sync().psubscribe(bytes(main + "*"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Hands every message published so far to every node: those Redis published with an append in
     * Redis's order, then those the nodes published apart from their appends, the latest first (Redis
     * may run a node's PUBLISH after later appends and publishes of other nodes; no case here has two
     * of one node, whose own order Redis would keep).
     */
    private void handOver(int published) {
        await(() -> captured.size() >= published);
        List<Message> all = List.copyOf(captured);
        captured.clear();
        List<Message> order = new ArrayList<>();
        for (Message m : all) if (!m.apart()) order.add(m);
        for (int i = all.size() - 1; i >= 0; i--) if (all.get(i).apart()) order.add(all.get(i));
        for (Message m : order) for (Node n : nodes) n.deliver(m);
    }

    // ---- the client

    private record Session(String pid, String sid) {
    }

    private static Session connect(TestClient client) {
        client.send("0" + NSP + ",{\"user\":\"alice\"}");
        String answer = client.texts().get(0);
        JsonObject data = SioHarness.json(answer.substring(("40" + NSP + ",").length())).asJsonObject();
        client.send("2" + NSP + ",[\"join\",\"" + ROOM + "\"]");
        return new Session(data.getString("pid"), data.getString("sid"));
    }

    /** Loses the connection, comes back on {@code node} with the offset of the last packet received. */
    private static TestClient lostThenRecovered(Node node, TestClient client, Session session) {
        String offset = lastOffset(client);
        client.session.closeNow(CloseReasons.TRANSPORT_CLOSE);
        await(() -> node.chat.socket(session.sid()) == null);
        TestClient back = node.harness.open();
        back.send("0" + NSP + ",{\"user\":\"alice\",\"pid\":\"" + session.pid() + "\",\"offset\":\"" + offset + "\"}");
        assertTrue(back.texts().get(0).startsWith("40" + NSP + ",{"), "the CONNECT answer first: " + back.texts());
        String sid = SioHarness.json(back.texts().get(0).substring(("40" + NSP + ",").length())).asJsonObject().getString("sid");
        assertTrue(node.chat.socket(sid).recovered(), "recovered");
        return back;
    }

    /**
     * {@code first} then {@code second} emit ("one", "two"), handed over as the test arranged; the client
     * on {@code host} must get them in stream order, then lose its connection, recover on {@code host}
     * from the offset of the last one, and get {@code third}'s "sentinel": every packet once, in order.
     */
    private void inStreamOrderThenRecovered(Node first, Node second, Node third, Node host, TestClient client, Session session) {
        first.emit("one");
        second.emit("two");
        handOver(2);
        assertEquals(List.of("one", "two"), news(client), "stream order");

        TestClient back = lostThenRecovered(host, client, session);
        third.emit("sentinel");
        handOver(1);
        await(() -> news(back).contains("sentinel"));
        List<String> all = new ArrayList<>(news(client));
        all.addAll(news(back));
        assertEquals(List.of("one", "two", "sentinel"), all, "every packet once, in stream order");
    }

    // ---- the cases

    /** A appends first; B's own packet must not reach B's client before A's. */
    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void the_sender_writes_its_own_packet_after_an_earlier_one_of_another_node(ClusterMode mode) {
        listen(mode);
        Node a = new Node(mode);
        Node b = new Node(mode);
        TestClient client = b.harness.open();
        Session session = connect(client);

        inStreamOrderThenRecovered(a, b, a, b, client, session);
    }

    /** A appends before C, but Redis runs A's publish after C's: B's client must still get A's first. */
    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void a_later_publish_of_another_node_does_not_overtake_an_earlier_append(ClusterMode mode) {
        listen(mode);
        Node a = new Node(mode);
        Node b = new Node(mode);
        Node c = new Node(mode);
        TestClient client = b.harness.open();
        Session session = connect(client);

        inStreamOrderThenRecovered(a, c, c, b, client, session);
    }

    /**
     * The sender's own packet now reaches its sockets from Redis, so it may come back after a restore
     * on the same node read it among the missed ones: it must not be written twice.
     */
    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void an_own_packet_that_comes_back_after_a_restore_on_the_same_node_read_it_is_written_once(ClusterMode mode) {
        listen(mode);
        Node a = new Node(mode);
        Node b = new Node(mode);
        TestClient client = b.harness.open();
        Session session = connect(client);
        b.emit("zero");
        handOver(1);

        String offset = lastOffset(client);
        client.session.closeNow(CloseReasons.TRANSPORT_CLOSE);
        await(() -> b.chat.socket(session.sid()) == null);
        b.emit("one"); // appended and published; its way back to B is slow
        await(() -> captured.size() >= 1);
        TestClient back = b.harness.open();
        back.send("0" + NSP + ",{\"user\":\"alice\",\"pid\":\"" + session.pid() + "\",\"offset\":\"" + offset + "\"}");
        await(() -> news(back).contains("one")); // among the missed packets
        handOver(1);
        a.emit("sentinel");
        handOver(1);
        await(() -> news(back).contains("sentinel"));
        assertEquals(List.of("zero"), news(client));
        assertEquals(List.of("one", "sentinel"), news(back), "every packet once, in stream order");
    }
}
