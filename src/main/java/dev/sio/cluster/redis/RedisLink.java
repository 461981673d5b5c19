package dev.sio.cluster.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One node's link to Redis: a connection to publish and query on, a connection to receive on.
 *
 * <p>Nothing here ever waits: every command returns a {@link CompletionStage}. Commands fail at
 * once while a connection is down ({@link RedisUnavailableException} or Lettuce's rejection),
 * fail after {@link RedisSettings#commandTimeout()} when Redis does not answer, and at most
 * {@link RedisSettings#commandQueueSize()} wait on a connection.
 *
 * <p>Subscriptions are remembered here, not only in Lettuce: they may be made before Redis was
 * ever reached, and each time the receiving connection comes (back) up every one of them is issued
 * again (Redis ignores a repeated SUBSCRIBE, so a channel is never counted twice by NUMSUB).
 * The link owns its Lettuce resources and shuts them down on {@link #close()}.
 */
public final class RedisLink implements RedisPubSub {

    private static final Logger LOG = System.getLogger(RedisLink.class.getName());
    private static final Duration FIRST_CONNECT_MIN = Duration.ofMillis(100);
    private static final Duration FIRST_CONNECT_MAX = Duration.ofSeconds(5);

    private final RedisSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final Consumer<RedisLinkState> stateListener;

    private final Map<String, MessageHandler> channels = new ConcurrentHashMap<>();
    private final Map<String, MessageHandler> patterns = new ConcurrentHashMap<>();
    private final Map<String, MessageHandler> shardChannels = new ConcurrentHashMap<>();

    // the subscriptions Redis confirmed on the receiving connection, by kind and name; emptied when it drops
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final AtomicLong subscriberGeneration = new AtomicLong();

    private volatile StatefulRedisConnection<byte[], byte[]> pub;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> sub;
    private volatile RedisLinkState state = RedisLinkState.CONNECTING;
    private volatile boolean closed;
    /** One "unreachable" line per outage, not one per connection and attempt. */
    private final java.util.concurrent.atomic.AtomicBoolean outageLogged = new java.util.concurrent.atomic.AtomicBoolean();

    private RedisLink(RedisSettings settings, Consumer<RedisLinkState> stateListener) {
        this.settings = settings;
        this.stateListener = stateListener;
        this.uri = RedisURI.create(settings.uri());
        this.uri.setTimeout(settings.commandTimeout());
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(settings.commandQueueSize())
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .build());
        client.addListener(new StateTracker());
    }

    /**
     * Starts connecting in the background and returns at once; when Redis is unreachable the link
     * keeps trying (up to every 5 s) and says so in one log line.
     *
     * @param stateListener told of every state change, on a Redis thread; must not block
     */
    public static RedisLink start(RedisSettings settings, Consumer<RedisLinkState> stateListener) {
        RedisLink link = new RedisLink(settings, stateListener);
        link.connectPublisher(FIRST_CONNECT_MIN);
        link.connectSubscriber(FIRST_CONNECT_MIN);
        return link;
    }

    @Override
    public RedisSettings settings() {
        return settings;
    }

    @Override
    public RedisLinkState state() {
        return state;
    }

    @Override
    public boolean confirmed(String name) {
        return state == RedisLinkState.CONNECTED
                && (confirmed.contains(Kind.CHANNEL + name) || confirmed.contains(Kind.PATTERN + name) || confirmed.contains(Kind.SHARD + name));
    }

    // ---- publishing and queries

    @Override
    public CompletionStage<Long> publish(String channel, byte[] message) {
        var c = livePublisher();
        return c == null ? unavailable() : c.async().publish(bytes(channel), message);
    }

    /** SPUBLISH (Redis 7 sharded pub/sub). */
    @Override
    public CompletionStage<Long> spublish(String channel, byte[] message) {
        var c = livePublisher();
        return c == null ? unavailable() : c.async().spublish(bytes(channel), message);
    }

    /** PUBSUB NUMSUB for one channel: how many connections subscribe to it (patterns not counted). */
    @Override
    public CompletionStage<Long> numsub(String channel) {
        var c = livePublisher();
        return c == null ? unavailable() : c.async().pubsubNumsub(bytes(channel)).thenApply(RedisLink::single);
    }

    /** PUBSUB SHARDNUMSUB for one shard channel. */
    @Override
    public CompletionStage<Long> shardNumsub(String channel) {
        var c = livePublisher();
        return c == null ? unavailable() : c.async().pubsubShardNumsub(bytes(channel)).thenApply(RedisLink::single);
    }

    private static long single(Map<byte[], Long> counts) {
        return counts.values().stream().findFirst().orElse(0L);
    }

    private StatefulRedisConnection<byte[], byte[]> livePublisher() {
        return closed ? null : pub;
    }

    private static <T> CompletionStage<T> unavailable() {
        return CompletableFuture.failedFuture(new RedisUnavailableException("no connection to Redis"));
    }

    // ---- subscriptions

    /** SUBSCRIBE; remembered and re-issued after every reconnect. Completes when Redis confirmed (or at once when down). */
    @Override
    public CompletionStage<Void> subscribe(String channel, MessageHandler handler) {
        channels.put(channel, handler);
        return issue(Kind.CHANNEL, channel);
    }

    /** PSUBSCRIBE; the handler receives the matching channel. */
    @Override
    public CompletionStage<Void> psubscribe(String pattern, MessageHandler handler) {
        patterns.put(pattern, handler);
        return issue(Kind.PATTERN, pattern);
    }

    /** SSUBSCRIBE (Redis 7 sharded pub/sub). */
    @Override
    public CompletionStage<Void> ssubscribe(String channel, MessageHandler handler) {
        shardChannels.put(channel, handler);
        return issue(Kind.SHARD, channel);
    }

    @Override
    public CompletionStage<Void> unsubscribe(String channel) {
        channels.remove(channel);
        confirmed.remove(Kind.CHANNEL + channel);
        var c = liveSubscriber();
        return c == null ? done() : c.async().unsubscribe(bytes(channel)).thenApply(v -> null);
    }

    @Override
    public CompletionStage<Void> punsubscribe(String pattern) {
        patterns.remove(pattern);
        confirmed.remove(Kind.PATTERN + pattern);
        var c = liveSubscriber();
        return c == null ? done() : c.async().punsubscribe(bytes(pattern)).thenApply(v -> null);
    }

    @Override
    public CompletionStage<Void> sunsubscribe(String channel) {
        shardChannels.remove(channel);
        confirmed.remove(Kind.SHARD + channel);
        var c = liveSubscriber();
        return c == null ? done() : c.async().sunsubscribe(bytes(channel)).thenApply(v -> null);
    }

    private enum Kind { CHANNEL, PATTERN, SHARD }

    /**
     * Sends one subscription if the receiving connection is up. When it is not, the subscription is
     * remembered all the same and goes out on (re)connection: the caller is not failed for it.
     */
    private CompletionStage<Void> issue(Kind kind, String name) {
        return issue(kind, name, 0);
    }

    /**
     * A subscription refused (the connection came up but is not activated yet, or dropped again) is
     * tried again shortly, for a few seconds; beyond that the next (re)connection issues it.
     */
    private CompletionStage<Void> issue(Kind kind, String name, int attempt) {
        var c = liveSubscriber();
        if (c == null || !c.isOpen()) {
            return done();
        }
        var async = c.async();
        long generation = subscriberGeneration.get();
        var future = switch (kind) {
            case CHANNEL -> async.subscribe(bytes(name));
            case PATTERN -> async.psubscribe(bytes(name));
            case SHARD -> async.ssubscribe(bytes(name));
        };
        return future.thenRun(() -> {
            // confirmed on the connection as it was when sent: not if it dropped (or was unsubscribed) meanwhile
            if (generation == subscriberGeneration.get() && remembered(kind).containsKey(name)) confirmed.add(kind + name);
        }).exceptionally(e -> {
            LOG.log(Level.DEBUG, "Redis {0} {1} not sent now ({2}); trying again", kind, name, e.toString());
            if (attempt < 25 && !closed && remembered(kind).containsKey(name)) {
                resources.eventExecutorGroup().schedule(() -> issue(kind, name, attempt + 1), 200, TimeUnit.MILLISECONDS);
            }
            return null;
        });
    }

    private Map<String, MessageHandler> remembered(Kind kind) {
        return switch (kind) {
            case CHANNEL -> channels;
            case PATTERN -> patterns;
            case SHARD -> shardChannels;
        };
    }

    /** Every remembered subscription, again: on each (re)connection of the receiving connection. */
    private void resubscribeAll() {
        channels.keySet().forEach(ch -> issue(Kind.CHANNEL, ch));
        patterns.keySet().forEach(p -> issue(Kind.PATTERN, p));
        shardChannels.keySet().forEach(ch -> issue(Kind.SHARD, ch));
    }

    private StatefulRedisPubSubConnection<byte[], byte[]> liveSubscriber() {
        return closed ? null : sub;
    }

    private static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    // ---- connecting

    private void connectPublisher(Duration delay) {
        client.connectAsync(ByteArrayCodec.INSTANCE, uri).whenComplete((c, error) -> {
            if (error != null) {
                retry(error, delay, this::connectPublisher);
            } else if (closed) {
                c.closeAsync();
            } else {
                pub = c;
                updateState();
            }
        });
    }

    private void connectSubscriber(Duration delay) {
        client.connectPubSubAsync(ByteArrayCodec.INSTANCE, uri).whenComplete((c, error) -> {
            if (error != null) {
                retry(error, delay, this::connectSubscriber);
            } else if (closed) {
                c.closeAsync();
            } else {
                c.addListener(new Dispatcher());
                sub = c;
                resubscribeAll();
                updateState();
            }
        });
    }

    /** The first connection is not Lettuce's to retry (there is no connection object yet): ours. */
    private void retry(Throwable error, Duration delay, Consumer<Duration> again) {
        if (closed) {
            return;
        }
        if (outageLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "Redis {0} unreachable ({1}); serving local clients only, retrying in the background",
                    settings.redactedUri(), rootMessage(error));
        }
        Duration next = delay.multipliedBy(2).compareTo(FIRST_CONNECT_MAX) > 0 ? FIRST_CONNECT_MAX : delay.multipliedBy(2);
        resources.eventExecutorGroup().schedule(() -> again.accept(next), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private synchronized void updateState() {
        if (closed) {
            return;
        }
        var p = pub;
        var s = sub;
        RedisLinkState next;
        if (p != null && s != null && p.isOpen() && s.isOpen()) {
            next = RedisLinkState.CONNECTED;
        } else if (p == null || s == null) {
            next = RedisLinkState.CONNECTING;
        } else {
            next = RedisLinkState.RECONNECTING;
        }
        setState(next);
    }

    private synchronized void setState(RedisLinkState next) {
        if (next == state) {
            return;
        }
        state = next;
        if (next == RedisLinkState.CONNECTED) {
            outageLogged.set(false);
        }
        LOG.log(next == RedisLinkState.CONNECTED || next == RedisLinkState.CLOSED ? Level.INFO : Level.WARNING,
                "Redis {0}: {1}", settings.redactedUri(), describe(next));
        try {
            stateListener.accept(next);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Redis state listener failed", e);
        }
    }

    private static String describe(RedisLinkState s) {
        return switch (s) {
            case CONNECTED -> "connected";
            case CONNECTING -> "connecting";
            case RECONNECTING -> "connection lost, reconnecting; remote delivery is lost meanwhile";
            case CLOSED -> "closed";
        };
    }

    /** Follows Lettuce's connect/disconnect events of both connections; re-subscribes when the receiver is back. */
    private final class StateTracker implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (closed) {
                return;
            }
            if (connection == sub) {
                // Lettuce re-subscribes what it tracked; ours covers what it never saw. Deferred: the
                // connection takes commands only once it is fully activated
                resources.eventExecutorGroup().schedule(RedisLink.this::resubscribeAll, 20, TimeUnit.MILLISECONDS);
            }
            resources.eventExecutorGroup().schedule(RedisLink.this::updateState, 20, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (connection == sub) {
                subscriberGeneration.incrementAndGet();
                confirmed.clear();
            }
            if (!closed && (connection == sub || connection == pub)) {
                setState(RedisLinkState.RECONNECTING);
            }
        }
    }

    /** Routes each message to the handler of its subscription; a failing handler never stops the others. */
    private final class Dispatcher extends RedisPubSubAdapter<byte[], byte[]> {
        @Override
        public void message(byte[] channel, byte[] message) {
            deliver(channels.get(string(channel)), channel, message);
        }

        @Override
        public void message(byte[] pattern, byte[] channel, byte[] message) {
            deliver(patterns.get(string(pattern)), channel, message);
        }

        @Override
        public void smessage(byte[] channel, byte[] message) {
            deliver(shardChannels.get(string(channel)), channel, message);
        }

        private void deliver(MessageHandler handler, byte[] channel, byte[] message) {
            if (handler == null || closed) {
                return; // unsubscribed meanwhile
            }
            try {
                handler.onMessage(string(channel), message);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Redis message handler failed on channel " + escape(string(channel)), e);
            }
        }
    }

    /** Channel names may carry room names, i.e. client input: never raw into a log line. */
    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }

    // ---- closing

    /**
     * Unsubscribes, closes both connections and shuts the Lettuce resources down, without blocking
     * the caller; the stage completes when all is released (bounded: a few seconds at most).
     */
    @Override
    public CompletionStage<Void> close() {
        synchronized (this) {
            if (closed) {
                return done();
            }
            setState(RedisLinkState.CLOSED);
            closed = true;
        }
        var s = sub;
        var p = pub;
        CompletableFuture<Void> unsubscribed = CompletableFuture.completedFuture(null);
        if (s != null && s.isOpen()) {
            var a = s.async();
            unsubscribed = CompletableFuture.allOf(
                    a.unsubscribe().toCompletableFuture(),
                    a.punsubscribe().toCompletableFuture(),
                    shardChannels.isEmpty() ? CompletableFuture.completedFuture(null)
                            : a.sunsubscribe(shardChannels.keySet().stream().map(RedisLink::bytes).toArray(byte[][]::new)).toCompletableFuture())
                    .orTimeout(1, TimeUnit.SECONDS)
                    .exceptionally(e -> null);
        }
        channels.clear();
        patterns.clear();
        shardChannels.clear();
        return unsubscribed
                .thenCompose(v -> CompletableFuture.allOf(
                        s == null ? CompletableFuture.completedFuture(null) : s.closeAsync(),
                        p == null ? CompletableFuture.completedFuture(null) : p.closeAsync()))
                .exceptionally(e -> null)
                .thenCompose(v -> client.shutdownAsync(0, 2, TimeUnit.SECONDS))
                .exceptionally(e -> null)
                .thenCompose(v -> {
                    CompletableFuture<Void> r = new CompletableFuture<>();
                    resources.shutdown(0, 2, TimeUnit.SECONDS).addListener(f -> r.complete(null));
                    return r;
                });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
