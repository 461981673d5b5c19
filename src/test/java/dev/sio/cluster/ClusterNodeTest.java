package dev.sio.cluster;

import dev.sio.cluster.redis.RedisLinkState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterNodeTest {

    private final FakePubSub redis = new FakePubSub(8);
    private ClusterNode node;

    @AfterEach
    void close() {
        if (node != null) node.close();
    }

    private ClusterNode node(ClusterMode mode, int maxMessages, long maxBytes) {
        node = new ClusterNode(redis, mode, ClusterNode.clusterThreads(), maxMessages, maxBytes);
        return node;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met in 5 s");
            Thread.sleep(5);
        }
    }

    @Test
    void classicModePublishesAndSubscribesAndCountsWithTheClassicCommands() {
        ClusterNode n = node(ClusterMode.CLASSIC, 10, 1000);
        n.subscribe("a", (c, m) -> { });
        n.publish("a", new byte[1]);
        n.countSubscribers("a");
        n.unsubscribe("a");
        assertEquals(List.of("SUBSCRIBE a", "PUBLISH a", "NUMSUB a", "UNSUBSCRIBE a"), redis.names());
    }

    @Test
    void shardedModeUsesTheShardedCommands() {
        ClusterNode n = node(ClusterMode.SHARDED, 10, 1000);
        n.subscribe("a", (c, m) -> { });
        n.publish("a", new byte[1]);
        n.countSubscribers("a");
        n.unsubscribe("a");
        assertEquals(List.of("SSUBSCRIBE a", "SPUBLISH a", "SHARDNUMSUB a", "SUNSUBSCRIBE a"), redis.names());
    }

    @Test
    void messagesAreHandledOnTheClusterThreadNotOnTheRedisThread() throws Exception {
        ClusterNode n = node(ClusterMode.CLASSIC, 10, 1000);
        List<String> threads = new CopyOnWriteArrayList<>();
        n.subscribe("a", (c, m) -> threads.add(Thread.currentThread().getName()));
        redis.deliver("a", new byte[] {1});
        await(() -> threads.size() == 1);
        assertEquals("socketio-cluster", threads.get(0));
        assertNotEquals(Thread.currentThread().getName(), threads.get(0));
        assertEquals(1, n.received());
    }

    @Test
    void beyondTheQueuedMessageBoundMessagesAreDroppedAndCounted() throws Exception {
        ClusterNode n = node(ClusterMode.CLASSIC, 3, 1_000_000);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        List<Byte> handled = new CopyOnWriteArrayList<>();
        n.subscribe("a", (c, m) -> {
            busy.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.add(m[0]);
        });
        redis.deliver("a", new byte[] {0});
        assertTrue(busy.await(5, TimeUnit.SECONDS), "the cluster thread holds message 0");
        for (byte i = 1; i <= 5; i++) redis.deliver("a", new byte[] {i});
        assertEquals(2, n.droppedMessages(), "3 wait, 2 do not fit");
        release.countDown();
        await(() -> handled.size() == 4);
        assertEquals(List.of((byte) 0, (byte) 1, (byte) 2, (byte) 3), handled);
        assertEquals(4, n.received());
    }

    @Test
    void beyondTheQueuedByteBoundMessagesAreDroppedAndCounted() throws Exception {
        ClusterNode n = node(ClusterMode.CLASSIC, 100, 250);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        List<Integer> handled = new CopyOnWriteArrayList<>();
        n.subscribe("a", (c, m) -> {
            busy.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.add(m.length);
        });
        redis.deliver("a", new byte[1]);
        assertTrue(busy.await(5, TimeUnit.SECONDS));
        redis.deliver("a", new byte[100]);
        redis.deliver("a", new byte[100]);
        redis.deliver("a", new byte[100]); // 300 bytes queued would pass 250
        assertEquals(1, n.droppedMessages());
        release.countDown();
        await(() -> handled.size() == 3);
        redis.deliver("a", new byte[200]);
        await(() -> handled.size() == 4);
        assertEquals(1, n.droppedMessages(), "handled messages free their bytes");
    }

    @Test
    void messagesFoundQueuedTogetherAreHandledInOneBurstAndALoneOneInItsOwn() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        node = new ClusterNode(redis, ClusterMode.CLASSIC, ClusterNode.clusterThreads(), 100, 1_000_000, () -> {
            events.add("begin");
            return () -> events.add("end");
        });
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        node.subscribe("a", (c, m) -> {
            if (m[0] == 0) {
                busy.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            events.add("m" + m[0]);
        });
        redis.deliver("a", new byte[] {0});
        assertTrue(busy.await(5, TimeUnit.SECONDS));
        for (byte i = 1; i <= 4; i++) redis.deliver("a", new byte[] {i}); // queued behind the first
        release.countDown();
        await(() -> events.contains("end"));
        assertEquals(List.of("begin", "m0", "m1", "m2", "m3", "m4", "end"), events);

        events.clear();
        redis.deliver("a", new byte[] {5});
        await(() -> events.contains("end"));
        assertEquals(List.of("begin", "m5", "end"), events, "a lone message is not held for a next one");
    }

    @Test
    void aBurstEndsAfterItsMaximumEvenWhileMessagesKeepComing() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        node = new ClusterNode(redis, ClusterMode.CLASSIC, ClusterNode.clusterThreads(), 1000, 10_000_000, () -> {
            events.add("begin");
            return () -> events.add("end");
        });
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        node.subscribe("a", (c, m) -> {
            if (m[0] == 0 && m[1] == 0) {
                busy.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        redis.deliver("a", new byte[] {0, 0});
        assertTrue(busy.await(5, TimeUnit.SECONDS));
        for (int i = 1; i < 600; i++) redis.deliver("a", new byte[] {(byte) (i >> 8), (byte) i});
        release.countDown();
        await(() -> node.received() == 600 && events.size() % 2 == 0 && events.size() >= 2);
        // 600 messages queued at once: bursts of 256 at most, so at least three of them
        long bursts = events.stream().filter("begin"::equals).count();
        assertTrue(bursts >= 3, "bursts: " + bursts);
        assertEquals(bursts, events.stream().filter("end"::equals).count());
    }

    @Test
    void aHandlerThatThrowsDoesNotStopTheClusterThread() throws Exception {
        ClusterNode n = node(ClusterMode.CLASSIC, 10, 1000);
        List<Byte> handled = new CopyOnWriteArrayList<>();
        n.subscribe("a", (c, m) -> {
            if (m[0] == 0) throw new IllegalStateException("bad message");
            handled.add(m[0]);
        });
        redis.deliver("a", new byte[] {0});
        redis.deliver("a", new byte[] {1});
        await(() -> handled.size() == 1);
    }

    @Test
    void publishesBeyondThreeQuartersOfTheCommandQueueAreRefusedAtOnce() {
        ClusterNode n = node(ClusterMode.CLASSIC, 10, 1000);
        redis.holdPublishes = true; // Redis does not answer: publishes stay in flight
        for (int i = 0; i < 6; i++) assertFalse(n.publish("a", new byte[1]).toCompletableFuture().isDone());
        CompletableFuture<Long> refused = n.publish("a", new byte[1]).toCompletableFuture();
        assertTrue(refused.isCompletedExceptionally(), "6 = 3/4 of 8 in flight: the 7th is refused");
        assertEquals(6, redis.commands.size(), "the refused one never reached Redis");
        assertEquals(1, n.publishFailures());
    }

    @Test
    void publishesAndFailuresAreCounted() {
        ClusterNode n = node(ClusterMode.CLASSIC, 10, 1000);
        n.publish("a", new byte[1]);
        n.publish("a", new byte[1]);
        redis.state = RedisLinkState.RECONNECTING;
        CompletableFuture<Long> failed = n.publish("a", new byte[1]).toCompletableFuture();
        assertThrows(ExecutionException.class, failed::get);
        assertEquals(2, n.published());
        assertEquals(1, n.publishFailures());
        assertEquals("Redis redis://127.0.0.1:6379 reconnecting", n.problem().orElseThrow());
        redis.state = RedisLinkState.CONNECTED;
        assertTrue(n.problem().isEmpty());
    }

    @Test
    void closingClosesTheLink() throws Exception {
        ClusterNode n = node(ClusterMode.CLASSIC, 10, 1000);
        n.close().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(redis.closed);
        node = null;
    }
}
