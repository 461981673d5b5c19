package dev.sio.socketio.server;

import dev.sio.cluster.ClusterAdapter;
import dev.sio.cluster.ClusterMode;
import dev.sio.cluster.ClusterNode;
import dev.sio.cluster.recovery.RecoveryConnection;
import dev.sio.cluster.recovery.RedisRecoveryStore;
import dev.sio.cluster.redis.MessageHandler;
import dev.sio.cluster.redis.RedisLinkState;
import dev.sio.cluster.redis.RedisPubSub;
import dev.sio.cluster.redis.RedisSettings;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.socketio.broadcast.Adapter;
import dev.sio.socketio.broadcast.AdapterFactory;
import dev.sio.socketio.broadcast.AdapterHost;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.OutgoingPacket;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.Parser;
import dev.sio.socketio.recovery.MissedPackets;
import dev.sio.socketio.recovery.RecoveryLimits;
import dev.sio.socketio.recovery.RecoveryStore;
import dev.sio.socketio.recovery.Restore;
import dev.sio.socketio.recovery.SessionRecord;
import dev.sio.socketio.recovery.StoredPacket;
import dev.sio.socketio.server.SioHarness.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static dev.sio.socketio.server.StoredPacketClients.adapter;
import static dev.sio.socketio.server.StoredPacketClients.await;
import static dev.sio.socketio.server.StoredPacketClients.lastOffset;
import static dev.sio.socketio.server.StoredPacketClients.news;
import static dev.sio.socketio.server.StoredPacketClients.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The race of docs/cluster.md "another node's broadcast during a restore", stepped by hand: node B
 * (a real namespace on a cluster adapter, its recovery store the local Redis, 127.0.0.1:6379)
 * restores a session while node A appends stored broadcasts (XADD for real) whose publishes the
 * test hands to B's cluster thread at chosen points of the restore: before the read, after the
 * read (before the join), at the join (before CONNECT and the missed packets). The client must get
 * every stored packet once, in stream order.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CrossNodeRestoreRaceTest {

    private static final String NSP = "/chat";
    private static final String ROOM = "lobby";
    private static final RedisSettings REDIS = new RedisSettings("redis://127.0.0.1:6379", "sio-race-test",
            Duration.ofSeconds(5), Duration.ofSeconds(2), 10_000);

    private final String prefix = "sio-race-t" + System.nanoTime();
    private final Bus bus = new Bus();
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final List<RecoveryStore> stores = new ArrayList<>();
    private final List<Thread> clusterThreads = new CopyOnWriteArrayList<>();

    // hooks into node B's store (the restore's take) and B's subscriptions (the restore's join)
    private volatile Runnable beforeTake = () -> { };
    private volatile Runnable afterTake = () -> { };
    private volatile Runnable onRoomSubscribed = () -> { };

    private SioHarness harness;
    private Namespace chat;
    private ClusterNode nodeB;
    private ClusterAdapter adapterA;
    private RecoveryStore storeA;

    @AfterEach
    void stop() {
        nodes.forEach(ClusterNode::close);
        io.lettuce.core.RedisClient cleaner = io.lettuce.core.RedisClient.create(REDIS.uri());
        try (var c = cleaner.connect()) {
            for (String key : c.sync().keys(prefix + ":*")) c.sync().del(key);
        } finally {
            cleaner.shutdown();
        }
        stores.forEach(RecoveryStore::close);
    }

    private RedisRecoveryStore store(RecoveryLimits limits) {
        RedisRecoveryStore store = new RedisRecoveryStore(new RecoveryConnection(REDIS), limits, prefix);
        stores.add(store);
        return store;
    }

    private ClusterNode node(Bus.Client redis, ClusterMode mode) {
        ClusterNode node = new ClusterNode(redis, mode, task -> {
            Thread t = new Thread(task, "test-cluster");
            t.setDaemon(true);
            clusterThreads.add(t);
            return t;
        }, 1000, 1 << 20);
        nodes.add(node);
        return node;
    }

    private void start(ClusterMode mode) {
        RecoveryLimits limits = new RecoveryLimits(Duration.ofMinutes(2), false, 1_000, 1 << 20, 50_000, 32 << 20, 10_000, Set.of(NSP));
        storeA = store(limits);
        ClusterNode nodeA = node(bus.client(false), mode);
        adapterA = adapter(mode, nodeA, storeA);
        adapterA.init(AdapterHost.detached(NSP));

        RecoveryStore storeB = new HookedStore(store(limits));
        Bus.Client redisB = bus.client(true);
        nodeB = node(redisB, mode);
        AdapterFactory factory = new AdapterFactory() {
            @Override
            public Adapter create(String namespace, RecoveryStore recovery) {
                return adapter(mode, nodeB, recovery);
            }

            @Override
            public RecoveryStore recoveryStore(RecoveryLimits l, java.util.function.LongSupplier clock) {
                return storeB;
            }
        };
        harness = new SioHarness(new SocketIoConfig(SioHarness.CONNECT_TIMEOUT, 10, limits, factory), 256);
        chat = harness.io.of(NSP);
        chat.use(socket -> socket.identify(socket.handshake().auth().getString("user", null)));
        chat.on("join", (socket, args, ack) -> socket.join(args.get(0, String.class)));
    }

    // ---- node A: what Namespace#emitStored does there (append, then publish without waiting)

    /** Appends a stored broadcast to the room and returns its publish, not yet handed to B. */
    private Bus.Message appendOnA(String text) {
        JsonArray data = Json.createArrayBuilder().add("news").add(text).build();
        String unnumbered = Parser.DEFAULT.encode(Packet.event(NSP, data, null, List.of())).text();
        StoredPacket stored = storeA.add(new StoredPacket(null, NSP, Set.of(ROOM), Set.of(), unnumbered, List.of(), 0));
        JsonArray withOffset = Json.createArrayBuilder(data).add(stored.offset()).build();
        int before = bus.captured.size();
        adapterA.broadcast(OutgoingPacket.of(Packet.event(NSP, withOffset, null, List.of())), BroadcastOptions.rooms(Set.of(ROOM)));
        assertEquals(before + 1, bus.captured.size(), "A published once");
        return bus.captured.get(before);
    }

    /** Hands A's publish to B as Redis would (nothing when B holds no matching subscription), and waits until B's cluster thread is idle. */
    private void handToB(Bus.Message message) {
        long before = nodeB.received();
        boolean reaches = bus.deliverToB(message);
        awaitIdle(before + (reaches ? 1 : 0), 5_000);
    }

    /** As {@link #handToB}, but waits for B's cluster thread at most {@code millis} (it may be held by the restore). */
    private void handToBWithin(Bus.Message message, long millis) {
        long before = nodeB.received();
        boolean reaches = bus.deliverToB(message);
        awaitIdle(before + (reaches ? 1 : 0), millis);
    }

    /** B's cluster thread took {@code received} messages and waits for more (or {@code millis} passed). */
    private void awaitIdle(long received, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            boolean idle = nodeB.received() >= received;
            for (Thread t : clusterThreads) { // A's too: it receives nothing, so it is always idle
                Thread.State s = t.getState();
                idle &= s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.TERMINATED;
            }
            if (idle) return;
            sleep(2);
        }
    }

    // ---- the client on B

    private record Session(String pid, String offset) {
    }

    /** Connects to B, joins the room, gets one stored packet from A, then loses its connection. */
    private Session connectedThenLost() {
        TestClient first = harness.open();
        first.send("0" + NSP + ",{\"user\":\"alice\"}");
        String answer = first.texts().get(0);
        JsonObject data = SioHarness.json(answer.substring(("40" + NSP + ",").length())).asJsonObject();
        String pid = data.getString("pid");
        String sid = data.getString("sid");
        first.send("2" + NSP + ",[\"join\",\"" + ROOM + "\"]");
        handToB(appendOnA("seen"));
        await(() -> news(first).equals(List.of("seen")));
        String offset = lastOffset(first);
        first.session.closeNow(CloseReasons.TRANSPORT_CLOSE);
        await(() -> chat.socket(sid) == null);
        // the disconnected record is written without waiting: a read on the same connection comes after it
        assertTrue(chat.recovery().contains(NSP, pid));
        return new Session(pid, offset);
    }

    private TestClient recover(Session session) {
        TestClient back = harness.open();
        back.send("0" + NSP + ",{\"user\":\"alice\",\"pid\":\"" + session.pid() + "\",\"offset\":\"" + session.offset() + "\"}");
        assertTrue(back.texts().get(0).startsWith("40" + NSP + ",{"), "the CONNECT answer first: " + back.texts());
        String sid = SioHarness.json(back.texts().get(0).substring(("40" + NSP + ",").length())).asJsonObject().getString("sid");
        assertTrue(chat.socket(sid).recovered(), "recovered");
        return back;
    }

    /** A stored packet appended and handed over after the restore: once it arrived, everything before it did. */
    private void sentinel(TestClient back) {
        handToB(appendOnA("sentinel"));
        await(() -> news(back).contains("sentinel"));
        handToB(appendOnA("sentinel-2")); // a late duplicate of anything before would show up before this
        await(() -> news(back).contains("sentinel-2"));
    }

    // ---- the three cases of the race

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void a_packet_appended_before_the_read_but_handled_after_the_join_is_delivered_once(ClusterMode mode) {
        start(mode);
        Session session = connectedThenLost();
        AtomicReference<Bus.Message> early = new AtomicReference<>();
        beforeTake = () -> early.set(appendOnA("one"));

        TestClient back = recover(session);
        handToB(early.get()); // its publish was slow: it arrives after the restore read it
        sentinel(back);

        assertEquals(List.of("one", "sentinel", "sentinel-2"), news(back));
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void a_packet_appended_after_the_read_but_handled_before_the_join_is_not_lost(ClusterMode mode) {
        start(mode);
        Session session = connectedThenLost();
        afterTake = () -> handToB(appendOnA("one")); // no socket of B in the room yet

        TestClient back = recover(session);
        sentinel(back);

        assertEquals(List.of("one", "sentinel", "sentinel-2"), news(back));
    }

    /**
     * The sharded mode subscribes the room's channel at the join (B holds no other member): the hook
     * runs there, after the socket joined and before CONNECT and the missed packets are written.
     */
    @Test
    void a_packet_handled_between_the_join_and_the_missed_packets_comes_after_them() {
        start(ClusterMode.SHARDED);
        Session session = connectedThenLost();
        beforeTake = () -> appendOnA("one"); // missed: B holds no subscription of the room, its publish reaches nobody
        onRoomSubscribed = () -> {
            onRoomSubscribed = () -> { };
            handToBWithin(appendOnA("two"), 300);
        };

        TestClient back = recover(session);
        sentinel(back);

        assertEquals(List.of("one", "two", "sentinel", "sentinel-2"), news(back));
        assertTrue(back.texts().get(0).startsWith("40" + NSP + ","), "CONNECT first: " + back.texts());
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void the_three_cases_in_one_restore_give_every_packet_once_in_stream_order(ClusterMode mode) {
        start(mode);
        Session session = connectedThenLost();
        AtomicReference<Bus.Message> early = new AtomicReference<>();
        beforeTake = () -> early.set(appendOnA("one"));
        afterTake = () -> handToB(appendOnA("two"));

        TestClient back = recover(session);
        handToB(early.get());
        sentinel(back);

        assertEquals(List.of("one", "two", "sentinel", "sentinel-2"), news(back));
    }

    /** The hold is the restored socket's alone: another socket of B in the room gets each packet live, as it arrives. */
    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void a_socket_in_the_room_that_is_not_restoring_gets_every_packet_live_meanwhile(ClusterMode mode) {
        start(mode);
        TestClient bystander = harness.open();
        bystander.send("0" + NSP + ",{\"user\":\"bob\"}");
        bystander.send("2" + NSP + ",[\"join\",\"" + ROOM + "\"]");
        Session session = connectedThenLost();
        AtomicReference<Bus.Message> early = new AtomicReference<>();
        beforeTake = () -> early.set(appendOnA("one"));
        afterTake = () -> handToB(appendOnA("two"));

        TestClient back = recover(session);
        handToB(early.get());
        sentinel(back);

        assertEquals(List.of("one", "two", "sentinel", "sentinel-2"), news(back));
        await(() -> news(bystander).contains("sentinel-2"));
        assertEquals(List.of("seen", "two", "one", "sentinel", "sentinel-2"), news(bystander), "in the order B handled them");
    }

    // ---- fakes

    /** B's store: the real Redis store, with the test's hooks around the restore's take. */
    private final class HookedStore implements RecoveryStore {
        private final RecoveryStore real;

        HookedStore(RecoveryStore real) {
            this.real = real;
        }

        @Override
        public Restore take(String namespace, String pid, String offset, String userId, boolean anyUser) {
            beforeTake.run();
            Restore restore = real.take(namespace, pid, offset, userId, anyUser);
            afterTake.run();
            return restore;
        }

        @Override
        public MissedPackets missedAfter(String namespace, String offset, Set<String> rooms) {
            return real.missedAfter(namespace, offset, rooms);
        }

        @Override public String nextOffset() { return real.nextOffset(); }
        @Override public void append(StoredPacket packet) { real.append(packet); }
        @Override public StoredPacket add(StoredPacket unnumbered) { return real.add(unnumbered); }
        @Override public boolean shared() { return real.shared(); }
        @Override public void track(SessionRecord live) { real.track(live); }
        @Override public void persist(SessionRecord session) { real.persist(session); }
        @Override public boolean contains(String namespace, String pid) { return real.contains(namespace, pid); }
        @Override public void expire() { real.expire(); }
        @Override public int sessions() { return real.sessions(); }
        @Override public int packets() { return real.packets(); }
        @Override public long bytes() { return real.bytes(); }
    }

    /**
     * Pub/sub between A and B: what A publishes is captured, and the test hands it to B
     * ({@link #deliverToB}); B's subscriptions are kept as Redis would (channels, patterns, shard
     * channels). Subscribing a room's channel runs the test's join hook.
     */
    private final class Bus {

        record Message(String command, String channel, byte[] bytes) {
        }

        final List<Message> captured = new CopyOnWriteArrayList<>();
        final Map<String, MessageHandler> bChannels = new ConcurrentHashMap<>();
        final Map<String, MessageHandler> bPatterns = new ConcurrentHashMap<>();
        final Map<String, MessageHandler> bShards = new ConcurrentHashMap<>();

        /** True when B holds a subscription the message matches (it then reaches B's cluster thread). */
        boolean deliverToB(Message m) {
            if (m.command().equals("SPUBLISH")) {
                MessageHandler h = bShards.get(m.channel());
                if (h == null) return false;
                h.onMessage(m.channel(), m.bytes());
                return true;
            }
            boolean reached = false;
            MessageHandler h = bChannels.get(m.channel());
            if (h != null) {
                h.onMessage(m.channel(), m.bytes());
                reached = true;
            }
            for (var p : bPatterns.entrySet()) {
                String pattern = p.getKey();
                if (pattern.endsWith("*") && m.channel().startsWith(pattern.substring(0, pattern.length() - 1))) {
                    p.getValue().onMessage(m.channel(), m.bytes());
                    reached = true;
                }
            }
            return reached;
        }

        Client client(boolean isB) {
            return new Client(isB);
        }

        final class Client implements RedisPubSub {
            private final boolean isB;
            private final RedisSettings settings = new RedisSettings(RedisSettings.DEFAULT_URI, "race",
                    Duration.ofSeconds(5), Duration.ofSeconds(2), 1000);

            Client(boolean isB) {
                this.isB = isB;
            }

            private CompletionStage<Long> published(String command, String channel, byte[] message) {
                if (!isB) captured.add(new Message(command, channel, message));
                return CompletableFuture.completedFuture(1L);
            }

            private CompletionStage<Void> subscribed(Map<String, MessageHandler> into, String channel, MessageHandler handler) {
                if (isB) {
                    into.put(channel, handler);
                    if (channel.endsWith("#" + ROOM + "#")) onRoomSubscribed.run();
                }
                return CompletableFuture.completedFuture(null);
            }

            private CompletionStage<Void> unsubscribed(Map<String, MessageHandler> from, String channel) {
                if (isB) from.remove(channel);
                return CompletableFuture.completedFuture(null);
            }

            @Override public CompletionStage<Long> publish(String channel, byte[] message) { return published("PUBLISH", channel, message); }
            @Override public CompletionStage<Long> spublish(String channel, byte[] message) { return published("SPUBLISH", channel, message); }
            @Override public CompletionStage<Long> numsub(String channel) { return CompletableFuture.completedFuture(2L); }
            @Override public CompletionStage<Long> shardNumsub(String channel) { return CompletableFuture.completedFuture(2L); }
            @Override public CompletionStage<Void> subscribe(String channel, MessageHandler h) { return subscribed(bChannels, channel, h); }
            @Override public CompletionStage<Void> psubscribe(String pattern, MessageHandler h) { return subscribed(bPatterns, pattern, h); }
            @Override public CompletionStage<Void> ssubscribe(String channel, MessageHandler h) { return subscribed(bShards, channel, h); }
            @Override public CompletionStage<Void> unsubscribe(String channel) { return unsubscribed(bChannels, channel); }
            @Override public CompletionStage<Void> punsubscribe(String pattern) { return unsubscribed(bPatterns, pattern); }
            @Override public CompletionStage<Void> sunsubscribe(String channel) { return unsubscribed(bShards, channel); }
            @Override public RedisLinkState state() { return RedisLinkState.CONNECTED; }
            @Override public RedisSettings settings() { return settings; }
            @Override public CompletionStage<Void> close() { return CompletableFuture.completedFuture(null); }
        }
    }
}
