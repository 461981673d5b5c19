package dev.sio.cluster;

import dev.sio.cluster.redis.MessageHandler;
import dev.sio.cluster.redis.RedisLink;
import dev.sio.cluster.redis.RedisLinkState;
import dev.sio.cluster.redis.RedisPubSub;
import dev.sio.cluster.redis.RedisSettings;
import dev.sio.cluster.redis.RedisUnavailableException;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This server's place in the cluster: one Redis link shared by every namespace's adapter, and one
 * cluster thread that runs what arrives from Redis.
 *
 * <p>Why a thread of its own: message handlers are called on Lettuce's I/O threads, which must
 * never block or run long (they also carry the replies of our own publishes). Each message is
 * handed to the cluster thread through a bounded queue ({@code maxMessages} messages and
 * {@code maxBytes} bytes); what does not fit is dropped and counted, as a slow subscriber in Node
 * would lose it in Redis's output buffer.
 *
 * <p>Publishes are refused at once (and counted as failures) beyond three quarters of the
 * link's command queue: the last quarter stays for the requests' NUMSUB counts and subscriptions,
 * and Lettuce logs a WARNING for each command refused by its own queue, which this keeps quiet.
 */
public final class ClusterNode {

    private static final Logger LOG = System.getLogger(ClusterNode.class.getName());
    public static final int DEFAULT_MAX_MESSAGES = 10_000;
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private final RedisPubSub redis;
    private final ClusterMode mode;
    private final ThreadPoolExecutor clusterThread;
    private final long maxBytes;
    private final int maxInFlight;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final RequestStats requestStats = new RequestStats();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final AtomicLong droppedMessages = new AtomicLong();
    private final AtomicLong lastDropLog = new AtomicLong();

    public ClusterNode(RedisPubSub redis, ClusterMode mode, ThreadFactory threads, int maxMessages, long maxBytes) {
        this(redis, mode, threads, maxMessages, maxBytes, DeliveryBurst.NONE);
    }

    public ClusterNode(RedisPubSub redis, ClusterMode mode, ThreadFactory threads, int maxMessages, long maxBytes,
                       DeliveryBurst burst) {
        this.redis = redis;
        this.mode = mode;
        this.maxBytes = maxBytes;
        this.maxInFlight = Math.max(1, redis.settings().commandQueueSize() * 3 / 4);
        this.clusterThread = new BurstingThread(threads, maxMessages, burst);
    }

    /** Connects to Redis in the background (returns at once, even when Redis is down). */
    public static ClusterNode start(RedisSettings settings, ClusterMode mode, DeliveryBurst burst) {
        return new ClusterNode(RedisLink.start(settings, state -> { }), mode, clusterThreads(),
                DEFAULT_MAX_MESSAGES, DEFAULT_MAX_BYTES, burst);
    }

    /** As {@link #start(RedisSettings, ClusterMode, DeliveryBurst)}, each message's sends written on their own. */
    public static ClusterNode start(RedisSettings settings, ClusterMode mode) {
        return start(settings, mode, DeliveryBurst.NONE);
    }

    /**
     * The cluster thread: the messages it finds queued one after the other are handled in one
     * {@link DeliveryBurst}, which ends when the queue runs empty (a lone message is not held back)
     * or after {@value #MAX_BURST} messages (a steady flood still gets its writes out).
     */
    private static final class BurstingThread extends ThreadPoolExecutor {
        static final int MAX_BURST = 256;

        private final DeliveryBurst burst;
        private Runnable burstEnd; // the cluster thread's alone
        private int inBurst;       // the cluster thread's alone

        BurstingThread(ThreadFactory threads, int maxMessages, DeliveryBurst burst) {
            super(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(maxMessages), threads, (task, pool) -> {
                throw new RejectedExecutionException("cluster queue full");
            });
            this.burst = burst;
        }

        @Override
        protected void beforeExecute(Thread thread, Runnable task) {
            if (burstEnd == null) {
                burstEnd = burst.begin();
                inBurst = 0;
            }
        }

        @Override
        protected void afterExecute(Runnable task, Throwable failure) {
            if (++inBurst < MAX_BURST && !getQueue().isEmpty()) return;
            Runnable end = burstEnd;
            burstEnd = null;
            try {
                end.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Ending a burst of cluster deliveries failed", e);
            }
        }
    }

    public ClusterMode mode() {
        return mode;
    }

    public RedisSettings settings() {
        return redis.settings();
    }

    public RedisLinkState state() {
        return redis.state();
    }

    /** For the readiness check: what is wrong with the link, if anything. */
    public Optional<String> problem() {
        RedisLinkState s = redis.state();
        return s == RedisLinkState.CONNECTED ? Optional.empty()
                : Optional.of("Redis " + redis.settings().redactedUri() + " " + s.name().toLowerCase(java.util.Locale.ROOT));
    }

    // ---- publishing

    /** PUBLISH or SPUBLISH by mode; fails at once while Redis is down or too much is in flight. */
    public CompletionStage<Long> publish(String channel, byte[] message) {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            publishFailures.incrementAndGet();
            return CompletableFuture.failedFuture(new RedisUnavailableException(
                    "too many publishes waiting for Redis (" + maxInFlight + "); refused"));
        }
        CompletionStage<Long> sent;
        try {
            sent = mode.publish(redis, channel, message);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.whenComplete((n, error) -> {
            inFlight.decrementAndGet();
            if (error == null) published.incrementAndGet();
            else publishFailures.incrementAndGet();
        });
    }

    /** How many servers hold the namespace's counting channel (NUMSUB / SHARDNUMSUB), ourselves included. */
    public CompletionStage<Long> countSubscribers(String channel) {
        return mode.countSubscribers(redis, channel);
    }

    // ---- receiving

    /** SUBSCRIBE or SSUBSCRIBE by mode; the handler runs on the cluster thread. */
    public CompletionStage<Void> subscribe(String channel, MessageHandler handler) {
        return mode.subscribe(redis, channel, handOff(handler));
    }

    /** PSUBSCRIBE (classic mode only); the handler runs on the cluster thread. */
    public CompletionStage<Void> psubscribe(String pattern, MessageHandler handler) {
        return redis.psubscribe(pattern, handOff(handler));
    }

    /** Whether Redis confirmed this channel's (or pattern's) subscription on the link as it is now. */
    public boolean confirmed(String name) {
        return redis.confirmed(name);
    }

    public CompletionStage<Void> unsubscribe(String channel) {
        return mode.unsubscribe(redis, channel);
    }

    public CompletionStage<Void> punsubscribe(String pattern) {
        return redis.punsubscribe(pattern);
    }

    /** Runs on a Lettuce I/O thread: only queues. */
    private MessageHandler handOff(MessageHandler handler) {
        return (channel, message) -> {
            if (queuedBytes.addAndGet(message.length) > maxBytes) {
                queuedBytes.addAndGet(-message.length);
                dropped();
                return;
            }
            try {
                clusterThread.execute(() -> {
                    queuedBytes.addAndGet(-message.length);
                    received.incrementAndGet();
                    try {
                        handler.onMessage(channel, message);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Cluster message handler failed; message dropped", e);
                    }
                });
            } catch (RejectedExecutionException e) {
                queuedBytes.addAndGet(-message.length);
                dropped();
            }
        };
    }

    /** One WARNING line at most every 10 s, with the count: a flood must not flood the log too. */
    private void dropped() {
        long total = droppedMessages.incrementAndGet();
        long now = System.nanoTime();
        long last = lastDropLog.get();
        if ((last == 0 || now - last > TimeUnit.SECONDS.toNanos(10)) && lastDropLog.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, "Cluster messages arrive faster than this server handles them: {0} dropped so far", total);
        }
    }

    // ---- counters

    /** The cluster requests of this server's namespaces: answered (and how fast) and timed out. */
    public RequestStats requestStats() {
        return requestStats;
    }

    public long published() {
        return published.get();
    }

    public long received() {
        return received.get();
    }

    public long publishFailures() {
        return publishFailures.get();
    }

    public long droppedMessages() {
        return droppedMessages.get();
    }

    /** A broadcast whose remote half could not even be handed to Redis counts as a failure too. */
    void countPublishFailure() {
        publishFailures.incrementAndGet();
    }

    // ---- closing

    /**
     * Unsubscribes and closes the link, then stops the cluster thread; returns at once. Idempotent:
     * every call gets the same stage (the server's factory closes the node, and the application's
     * shutdown waits for it, bounded).
     */
    public synchronized CompletionStage<Void> close() {
        if (closing == null) closing = redis.close().whenComplete((v, e) -> clusterThread.shutdown());
        return closing;
    }

    private CompletionStage<Void> closing;

    /** The cluster thread keeps the application's class loader, like the server's timer threads. */
    static ThreadFactory clusterThreads() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return task -> {
            Thread thread = new Thread(task, "socketio-cluster");
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
            return thread;
        };
    }
}
