package dev.sio.cluster.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RedisLink against a real redis-server that each test starts (and kills) on a port of its own. */
class RedisLinkIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<RedisLinkState> states = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private RedisServerProcess server(String... args) throws Exception {
        RedisServerProcess s = RedisServerProcess.onFreePort(args);
        cleanup.add(s);
        return s;
    }

    private RedisLink link(String uri) {
        RedisSettings d = RedisSettings.defaults();
        RedisLink link = RedisLink.start(new RedisSettings(uri, "it", d.requestsTimeout(), Duration.ofMillis(1000), 1000),
                states::add);
        cleanup.add(() -> link.close().toCompletableFuture().get(10, TimeUnit.SECONDS));
        return link;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Publishes until the queue receives something (a subscription may take a moment to reach Redis). */
    private static String publishUntilReceived(RedisLink publisher, boolean sharded, String channel, String text,
                                               BlockingQueue<String> received) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                get(sharded ? publisher.spublish(channel, b(text)) : publisher.publish(channel, b(text)));
            } catch (Exception e) {
                // not connected yet: try again
            }
            String got = received.poll(100, TimeUnit.MILLISECONDS);
            if (got != null) {
                return got;
            }
        }
        throw new AssertionError("nothing received on " + channel);
    }

    @Test
    void aPublishedMessageReachesTheSubscriberAndNumsubCountsOne() throws Exception {
        RedisServerProcess redis = server().start();
        RedisLink link = link(redis.uri());
        await("connected", () -> link.state() == RedisLinkState.CONNECTED);
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        get(link.subscribe("it#/#", (ch, msg) -> got.add(ch + "=" + new String(msg, StandardCharsets.UTF_8))));
        assertEquals(1L, get(link.publish("it#/#", b("hello"))), "one receiver");
        assertEquals("it#/#=hello", got.poll(5, TimeUnit.SECONDS));
        assertEquals(1L, get(link.numsub("it#/#")));
        assertEquals(0L, get(link.numsub("it#/other#")));
    }

    @Test
    void aPatternSubscriptionGetsTheMatchingChannel() throws Exception {
        RedisServerProcess redis = server().start();
        RedisLink link = link(redis.uri());
        await("connected", () -> link.state() == RedisLinkState.CONNECTED);
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        get(link.psubscribe("it#/#*", (ch, msg) -> got.add(ch)));
        get(link.publish("it#/#room1#", b("x")));
        assertEquals("it#/#room1#", got.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void shardedPubSubRoundTrip() throws Exception {
        RedisServerProcess redis = server().start();
        RedisLink link = link(redis.uri());
        await("connected", () -> link.state() == RedisLinkState.CONNECTED);
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        get(link.ssubscribe("it#/#", (ch, msg) -> got.add(ch + "=" + new String(msg, StandardCharsets.UTF_8))));
        get(link.spublish("it#/#", b("sharded")));
        assertEquals("it#/#=sharded", got.poll(5, TimeUnit.SECONDS));
        assertEquals(1L, get(link.shardNumsub("it#/#")));
    }

    @Test
    void redisDownAtStartThenUpSubscriptionsMadeMeanwhileWork() throws Exception {
        RedisServerProcess redis = server();
        RedisLink link = link(redis.uri());
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        get(link.subscribe("it-request#/#", (ch, msg) -> got.add("sub")));
        get(link.psubscribe("it#/#*", (ch, msg) -> got.add("psub")));
        get(link.ssubscribe("it#/chat#", (ch, msg) -> got.add("ssub")));
        assertEquals(RedisLinkState.CONNECTING, link.state());

        long t0 = System.nanoTime();
        var e = assertThrows(Exception.class, () -> get(link.publish("it#/#", b("lost"))));
        assertInstanceOf(RedisUnavailableException.class, e.getCause());
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(500), "fails fast");

        redis.start();
        await("connected", () -> link.state() == RedisLinkState.CONNECTED);
        assertEquals("sub", publishUntilReceived(link, false, "it-request#/#", "r", got));
        assertEquals("psub", publishUntilReceived(link, false, "it#/#room#", "p", got));
        assertEquals("ssub", publishUntilReceived(link, true, "it#/chat#", "s", got));
        assertEquals(1L, get(link.numsub("it-request#/#")), "subscribed once, whatever was re-issued");
        assertTrue(states.contains(RedisLinkState.CONNECTED));
    }

    @Test
    void redisRestartedMidRunSubscriptionsComeBack() throws Exception {
        RedisServerProcess redis = server().start();
        RedisLink link = link(redis.uri());
        await("connected", () -> link.state() == RedisLinkState.CONNECTED);
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        get(link.subscribe("it-request#/#", (ch, msg) -> got.add("sub")));
        get(link.psubscribe("it#/#*", (ch, msg) -> got.add("psub")));
        get(link.ssubscribe("it#/chat#", (ch, msg) -> got.add("ssub")));

        redis.kill();
        await("reconnecting", () -> link.state() == RedisLinkState.RECONNECTING);
        long t0 = System.nanoTime();
        assertThrows(Exception.class, () -> get(link.publish("it#/#", b("lost"))));
        long failMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(failMillis < 500, "publish while Redis is down fails fast, took " + failMillis + " ms");

        redis.start();
        await("connected again", () -> link.state() == RedisLinkState.CONNECTED);
        assertEquals("sub", publishUntilReceived(link, false, "it-request#/#", "r", got));
        assertEquals("psub", publishUntilReceived(link, false, "it#/#room#", "p", got));
        assertEquals("ssub", publishUntilReceived(link, true, "it#/chat#", "s", got));
        assertEquals(1L, get(link.numsub("it-request#/#")));
        assertEquals(List.of(RedisLinkState.CONNECTED, RedisLinkState.RECONNECTING, RedisLinkState.CONNECTED), states);
    }

    @Test
    void aCommandToAHungRedisFailsAfterTheCommandTimeout() throws Exception {
        RedisServerProcess redis = server().start();
        RedisLink link = link(redis.uri()); // command timeout 1000 ms
        await("connected", () -> link.state() == RedisLinkState.CONNECTED);
        redis.freeze(true);
        long t0 = System.nanoTime();
        var e = assertThrows(Exception.class, () -> get(link.publish("it#/#", b("x"))));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertInstanceOf(io.lettuce.core.RedisCommandTimeoutException.class, e.getCause());
        assertTrue(millis >= 900 && millis < 3000, "failed after " + millis + " ms");
        redis.freeze(false);
    }

    @Test
    void theCommandQueueIsBoundedCommandsBeyondItFailAtOnce() throws Exception {
        RedisServerProcess redis = server().start();
        RedisLink link = link(redis.uri()); // queue of 1000
        await("connected", () -> link.state() == RedisLinkState.CONNECTED);
        redis.freeze(true);
        List<java.util.concurrent.CompletableFuture<Long>> sent = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 1100; i++) {
            sent.add(link.publish("it#/#", b("x")).toCompletableFuture());
        }
        // refused by Lettuce's I/O thread right after the write, long before the 1000 ms command timeout
        java.util.function.LongSupplier refused = () -> sent.stream().filter(f -> f.isCompletedExceptionally()
                && f.handle((v, e) -> e).join() instanceof io.lettuce.core.RedisException
                && !(f.handle((v, e) -> e).join() instanceof io.lettuce.core.RedisCommandTimeoutException)).count();
        while (refused.getAsLong() < 100 && System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(800)) {
            Thread.sleep(10);
        }
        assertEquals(100, refused.getAsLong(), "the 100 commands beyond the queue of 1000 are refused");
        redis.freeze(false);
    }

    @Test
    void aSubscriptionAfterAnUnsubscribeStopsDelivering() throws Exception {
        RedisServerProcess redis = server().start();
        RedisLink link = link(redis.uri());
        await("connected", () -> link.state() == RedisLinkState.CONNECTED);
        get(link.subscribe("it#/#", (ch, msg) -> { }));
        assertEquals(1L, get(link.numsub("it#/#")));
        get(link.unsubscribe("it#/#"));
        assertEquals(0L, get(link.numsub("it#/#")));
    }

    @Test
    void aFailingHandlerDoesNotStopTheSubscriber() throws Exception {
        RedisServerProcess redis = server().start();
        RedisLink link = link(redis.uri());
        await("connected", () -> link.state() == RedisLinkState.CONNECTED);
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        get(link.subscribe("bad", (ch, msg) -> { throw new IllegalStateException("boom"); }));
        get(link.subscribe("good", (ch, msg) -> got.add("good")));
        get(link.publish("bad", b("x")));
        get(link.publish("good", b("y")));
        assertEquals("good", got.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void closeUnsubscribesAndReleasesEverything() throws Exception {
        RedisServerProcess redis = server().start();
        RedisLink link = link(redis.uri());
        RedisLink observer = link(redis.uri());
        await("connected", () -> link.state() == RedisLinkState.CONNECTED && observer.state() == RedisLinkState.CONNECTED);
        get(link.subscribe("it-request#/#", (ch, msg) -> { }));
        assertEquals(1L, get(observer.numsub("it-request#/#")));
        get(link.close());
        assertEquals(RedisLinkState.CLOSED, link.state());
        assertEquals(0L, get(observer.numsub("it-request#/#")));
        var e = assertThrows(Exception.class, () -> get(link.publish("x", b("y"))));
        assertInstanceOf(RedisUnavailableException.class, e.getCause());
    }

    @Test
    void aPasswordInTheUriIsUsedAndNeverLogged() throws Exception {
        // the link runs in this JVM, whatever the server profile; under -Pwildfly the test classpath's
        // JBoss LogManager takes System.Logger, so a java.util.logging handler sees nothing there
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("wildfly.management.port") == null,
                "log capture through java.util.logging: checked in the Payara profiles");
        List<String> logged = new CopyOnWriteArrayList<>();
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(RedisLink.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String msg = r.getMessage();
                if (r.getParameters() != null) {
                    msg = java.text.MessageFormat.format(msg, r.getParameters());
                }
                logged.add(msg);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        cleanup.add(() -> jul.removeHandler(capture));

        RedisServerProcess redis = server("--requirepass", "s3cret-pw").start();
        RedisLink good = link("redis://:s3cret-pw@127.0.0.1:" + redis.port());
        await("connected with the password", () -> good.state() == RedisLinkState.CONNECTED);
        RedisLink bad = link("redis://:wrong-pw@127.0.0.1:" + redis.port());
        await("the refusal logged", () -> logged.stream().anyMatch(l -> l.contains("unreachable")));
        assertEquals(1, logged.stream().filter(l -> l.contains("unreachable")).count(), "one line for the outage: " + logged);
        assertFalse(bad.state() == RedisLinkState.CONNECTED);
        assertNotNull(logged.stream().filter(l -> l.contains("redis://:***@127.0.0.1")).findAny().orElse(null), logged.toString());
        assertFalse(logged.stream().anyMatch(l -> l.contains("s3cret-pw") || l.contains("wrong-pw")), logged.toString());
    }

    @Test
    void settingsReadTheirKeysWithDefaults() {
        var cfg = java.util.Map.of("socketio.redis.uri", "rediss://user:pw@redis.example:6380/2",
                "socketio.redis.requests-timeout", "1234");
        RedisSettings s = RedisSettings.from(k -> java.util.Optional.ofNullable(cfg.get(k)));
        assertEquals("socket.io", s.keyPrefix());
        assertEquals(Duration.ofMillis(1234), s.requestsTimeout());
        assertEquals("rediss://user:***@redis.example:6380/2", s.redactedUri());
        assertFalse(s.toString().contains("pw@"));
        assertEquals("redis://127.0.0.1:6379", RedisSettings.defaults().uri());
        assertThrows(IllegalArgumentException.class, () -> RedisSettings.from(k -> java.util.Optional.of("http://x").filter(v -> k.endsWith("uri"))));
    }
}
