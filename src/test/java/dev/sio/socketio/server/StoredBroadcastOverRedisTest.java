package dev.sio.socketio.server;

import dev.sio.cluster.ClusterMode;
import dev.sio.cluster.ClusterNode;
import dev.sio.cluster.recovery.RedisRecoveryStore;
import dev.sio.cluster.redis.RedisSettings;
import dev.sio.cluster.wire.ClassicCodec;
import dev.sio.cluster.wire.ClusterCodec;
import dev.sio.socketio.protocol.msgpack.WireLimits;
import dev.sio.socketio.recovery.RecoveryLimits;
import dev.sio.socketio.recovery.RecoveryStore;
import dev.sio.socketio.server.SioHarness.Frame;
import dev.sio.socketio.server.SioHarness.TestClient;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.sio.socketio.server.StoredPacketClients.adapters;
import static dev.sio.socketio.server.StoredPacketClients.await;
import static dev.sio.socketio.server.StoredPacketClients.news;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Stored broadcasts over a real Redis (127.0.0.1:6379), real links: two nodes emit at once to a room
 * that a client of each holds. Both clients must get every packet once, in the stream's order (so
 * the same order), and each message Redis published must be exactly what our encoder writes for it
 * with its offset (the bytes Node's adapters read), though the script put the stream id in.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StoredBroadcastOverRedisTest {

    private static final String NSP = "/chat";
    private static final String ROOM = "lobby";
    private static final int EACH = 30;
    private static final RecoveryLimits LIMITS = new RecoveryLimits(Duration.ofMinutes(2), false, 1_000, 1 << 20, 50_000,
            32 << 20, 10_000, Set.of(NSP));

    private final String prefix = "sio-redis-order-t" + System.nanoTime();
    private final RedisSettings settings = new RedisSettings(RedisSettings.DEFAULT_URI, prefix, Duration.ofSeconds(5),
            Duration.ofSeconds(2), 10_000);
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final List<RecoveryStore> stores = new ArrayList<>();
    private final List<byte[]> published = new CopyOnWriteArrayList<>();
    private final RedisClient redis = RedisClient.create(RedisSettings.DEFAULT_URI);
    private StatefulRedisPubSubConnection<byte[], byte[]> listener;

    @AfterEach
    void stop() throws Exception {
        for (ClusterNode n : nodes) n.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (listener != null) listener.close();
        try (var c = redis.connect()) {
            for (String key : c.sync().keys(prefix + "*")) c.sync().del(key);
        }
        redis.shutdown();
        stores.forEach(RecoveryStore::close);
    }

    private record Node(SioHarness harness, Namespace chat, ClusterNode cluster) {
        /** A client of this node in the room. */
        TestClient client() {
            TestClient client = harness.open();
            client.send("0" + NSP + ",");
            client.send("2" + NSP + ",[\"join\",\"" + ROOM + "\"]");
            return client;
        }
    }

    private Node node(ClusterMode mode) {
        ClusterNode cluster = ClusterNode.start(settings, mode);
        nodes.add(cluster);
        RedisRecoveryStore store = RedisRecoveryStore.of(settings, LIMITS);
        stores.add(store);
        SioHarness harness = new SioHarness(new SocketIoConfig(SioHarness.CONNECT_TIMEOUT, 10, LIMITS, adapters(mode, cluster, store)), 1024);
        Namespace chat = harness.io.of(NSP);
        chat.on("join", (socket, args, ack) -> socket.join(args.get(0, String.class)));
        String main = prefix + "#" + NSP + "#";
        await(() -> cluster.confirmed(mode == ClusterMode.SHARDED ? main : main + "*"));
        return new Node(harness, chat, cluster);
    }

    /** What Redis publishes on the namespace's broadcast channels, as any subscriber (a Node peer) gets it. */
    private void listen(ClusterMode mode) {
        listener = redis.connectPubSub(ByteArrayCodec.INSTANCE);
        listener.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] pattern, byte[] channel, byte[] message) {
                published.add(message);
            }

            @Override
            public void smessage(byte[] channel, byte[] message) {
                published.add(message);
            }
        });
        String main = prefix + "#" + NSP + "#";
        if (mode == ClusterMode.SHARDED) listener.sync().ssubscribe(bytes(main), bytes(main + ROOM + "#"));
        else listener.sync().psubscribe(bytes(main + "*"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void two_nodes_emitting_at_once_reach_every_client_once_in_stream_order(ClusterMode mode) throws Exception {
        listen(mode);
        Node a = node(mode);
        Node b = node(mode);
        TestClient onA = a.client();
        TestClient onB = b.client();
        if (mode == ClusterMode.SHARDED) {
            String room = prefix + "#" + NSP + "#" + ROOM + "#";
            await(() -> a.cluster().confirmed(room) && b.cluster().confirmed(room));
        }

        Thread other = new Thread(() -> {
            for (int i = 0; i < EACH; i++) a.chat().to(ROOM).emit("news", "a" + i, "x".repeat(i * 7));
        });
        other.start();
        for (int i = 0; i < EACH; i++) {
            // some with a binary attachment: the sharded mode then publishes MessagePack, not JSON
            if (i % 5 == 0) b.chat().to(ROOM).emit("news", "b" + i, new byte[] {1, 2, (byte) i});
            else b.chat().to(ROOM).emit("news", "b" + i, "y".repeat(i * 5));
        }
        other.join();

        await(() -> news(onA).size() >= 2 * EACH && news(onB).size() >= 2 * EACH && published.size() >= 2 * EACH);
        Thread.sleep(100); // nothing more may come
        List<String> stream = new ArrayList<>();
        try (var c = redis.connect()) {
            for (var entry : c.sync().xrange(prefix + "-recovery:packets:" + NSP, Range.create("-", "+"))) {
                stream.add(Frame.parse("4" + entry.getBody().get("text")).array().getString(1));
            }
        }
        assertEquals(2 * EACH, stream.size());
        assertEquals(stream, news(onA), "node A's client: the stream's order");
        assertEquals(stream, news(onB), "node B's client: the stream's order");

        assertEquals(2 * EACH, published.size());
        assertEquals(0, a.cluster().published() + b.cluster().published(), "every one published by its append, none apart");
        ClassicCodec classic = new ClassicCodec(WireLimits.DEFAULT);
        ClusterCodec sharded = new ClusterCodec(WireLimits.DEFAULT);
        for (byte[] message : published) {
            byte[] again = mode == ClusterMode.SHARDED ? sharded.encode(sharded.decode(message))
                    : classic.encodeBroadcast(classic.decodeBroadcast(message));
            assertArrayEquals(again, message, "as our encoder writes it");
        }
    }
}
