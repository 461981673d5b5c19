package dev.sio.cluster;

import dev.sio.cluster.redis.RedisLinkState;
import dev.sio.cluster.redis.RedisServerProcess;
import dev.sio.cluster.redis.RedisSettings;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.OutgoingPacket;
import dev.sio.socketio.protocol.Packet;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two of our cluster nodes on a redis-server of the test's own (a free port; the test kills it and
 * starts it again): while Redis is gone each node still serves its local clients at once, counts
 * the lost remote half and reports a readiness problem; when Redis is back the cluster works again
 * without any restart (the link reconnects and re-subscribes). Both modes.
 */
class RedisDownIT {

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final List<ClusterNode> nodes = new ArrayList<>();
    private RedisServerProcess redis;

    @AfterEach
    void stop() throws Exception {
        for (ClusterNode n : nodes) n.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
        scheduler.shutdownNow();
        if (redis != null) redis.close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 20 s: " + what);
            Thread.sleep(20);
        }
    }

    private ClusterAdapter adapter(RedisSettings settings, ClusterMode mode) {
        ClusterNode node = ClusterNode.start(settings, mode);
        nodes.add(node);
        ClusterAdapter adapter = (ClusterAdapter) new ClusterAdapterFactory(node).create("/", null);
        adapter.init(new TestHost("/", scheduler));
        return adapter;
    }

    private static OutgoingPacket event(String text) {
        return OutgoingPacket.of(Packet.event("/", Json.createArrayBuilder().add("msg").add(text).build(), null, List.of()));
    }

    private static int servers(ClusterAdapter adapter) {
        return adapter.serverCount().toCompletableFuture().join();
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void localClientsAreServedWhileRedisIsDownAndTheClusterWorksAgainWhenItIsBack(ClusterMode mode) throws Exception {
        redis = RedisServerProcess.onFreePort().start();
        RedisSettings settings = new RedisSettings(redis.uri(), "down" + System.nanoTime(), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1000);
        ClusterAdapter a = adapter(settings, mode);
        ClusterAdapter b = adapter(settings, mode);
        FakeSocket a1 = new FakeSocket("aaaaaaaaaaaaaaaaaaaa", a);
        FakeSocket b1 = new FakeSocket("bbbbbbbbbbbbbbbbbbbb", b);
        await("both nodes count each other", () -> servers(a) == 2 && servers(b) == 2);
        a.broadcast(event("before"), BroadcastOptions.ALL);
        await("B gets A's broadcast", () -> b1.received.size() == 1);

        redis.kill();
        await("A notices Redis is gone", () -> nodes.get(0).state() != RedisLinkState.CONNECTED);
        assertTrue(nodes.get(0).problem().orElseThrow().contains("reconnecting"), nodes.get(0).problem().toString());
        long failures = nodes.get(0).publishFailures();
        long start = System.nanoTime();
        assertEquals(1, a.broadcast(event("during"), BroadcastOptions.ALL));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(List.of("2[\"msg\",\"before\"]", "2[\"msg\",\"during\"]"), a1.received, "the local client got it at once");
        assertTrue(tookMillis < 500, "the broadcast did not wait for Redis: " + tookMillis + " ms");
        await("the lost remote half is counted", () -> nodes.get(0).publishFailures() == failures + 1);
        assertEquals(1, servers(a), "alone while Redis is away");

        redis.start();
        await("both reconnect", () -> nodes.stream().allMatch(n -> n.state() == RedisLinkState.CONNECTED));
        await("both count each other again (re-subscribed)", () -> servers(a) == 2 && servers(b) == 2);
        assertTrue(nodes.get(0).problem().isEmpty());
        // shard subscriptions come back through the same path; a broadcast may still race the
        // last re-subscription, so send until one arrives (bounded)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int sent = 0;
        while (b1.received.size() < 2 && System.nanoTime() < deadline && sent < 100) {
            a.broadcast(event("after"), BroadcastOptions.ALL);
            sent++;
            Thread.sleep(100);
        }
        assertEquals("2[\"msg\",\"after\"]", b1.received.get(1), "B gets A's broadcasts again: " + b1.received);
    }
}
