package dev.sio.cluster;

import dev.sio.cluster.redis.MessageHandler;
import dev.sio.cluster.redis.RedisLinkState;
import dev.sio.cluster.redis.RedisPubSub;
import dev.sio.cluster.redis.RedisSettings;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Redis as a test wants it: records every command, delivers to subscribers in-process (on the
 * caller's thread, as Lettuce would on its I/O thread), and can hold publishes unanswered.
 */
final class FakePubSub implements RedisPubSub {

    record Command(String name, String channel, byte[] message) {
    }

    final List<Command> commands = new CopyOnWriteArrayList<>();
    final Map<String, MessageHandler> subscriptions = new ConcurrentHashMap<>();
    volatile boolean holdPublishes;
    volatile RedisLinkState state = RedisLinkState.CONNECTED;
    volatile long subscriberCount = 1;
    volatile boolean closed;
    private final RedisSettings settings;

    FakePubSub(int commandQueue) {
        settings = new RedisSettings(RedisSettings.DEFAULT_URI, "test", Duration.ofSeconds(5), Duration.ofSeconds(2), commandQueue);
    }

    /** Delivers a message as Redis would to the subscriber of that channel. */
    void deliver(String channel, byte[] message) {
        subscriptions.get(channel).onMessage(channel, message);
    }

    private CompletionStage<Long> sent(String name, String channel, byte[] message) {
        commands.add(new Command(name, channel, message));
        if (state != RedisLinkState.CONNECTED) return CompletableFuture.failedFuture(new IllegalStateException("down"));
        return holdPublishes ? new CompletableFuture<>() : CompletableFuture.completedFuture(1L);
    }

    private CompletionStage<Void> subscribed(String name, String channel, MessageHandler handler) {
        commands.add(new Command(name, channel, null));
        subscriptions.put(channel, handler);
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<Void> unsubscribed(String name, String channel) {
        commands.add(new Command(name, channel, null));
        subscriptions.remove(channel);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Long> publish(String channel, byte[] message) {
        return sent("PUBLISH", channel, message);
    }

    @Override
    public CompletionStage<Long> spublish(String channel, byte[] message) {
        return sent("SPUBLISH", channel, message);
    }

    @Override
    public CompletionStage<Long> numsub(String channel) {
        commands.add(new Command("NUMSUB", channel, null));
        return CompletableFuture.completedFuture(subscriberCount);
    }

    @Override
    public CompletionStage<Long> shardNumsub(String channel) {
        commands.add(new Command("SHARDNUMSUB", channel, null));
        return CompletableFuture.completedFuture(subscriberCount);
    }

    @Override
    public CompletionStage<Void> subscribe(String channel, MessageHandler handler) {
        return subscribed("SUBSCRIBE", channel, handler);
    }

    @Override
    public CompletionStage<Void> psubscribe(String pattern, MessageHandler handler) {
        return subscribed("PSUBSCRIBE", pattern, handler);
    }

    @Override
    public CompletionStage<Void> ssubscribe(String channel, MessageHandler handler) {
        return subscribed("SSUBSCRIBE", channel, handler);
    }

    @Override
    public CompletionStage<Void> unsubscribe(String channel) {
        return unsubscribed("UNSUBSCRIBE", channel);
    }

    @Override
    public CompletionStage<Void> punsubscribe(String pattern) {
        return unsubscribed("PUNSUBSCRIBE", pattern);
    }

    @Override
    public CompletionStage<Void> sunsubscribe(String channel) {
        return unsubscribed("SUNSUBSCRIBE", channel);
    }

    @Override
    public RedisLinkState state() {
        return state;
    }

    @Override
    public RedisSettings settings() {
        return settings;
    }

    @Override
    public CompletionStage<Void> close() {
        closed = true;
        state = RedisLinkState.CLOSED;
        return CompletableFuture.completedFuture(null);
    }

    List<String> names() {
        return commands.stream().map(c -> c.name() + " " + c.channel()).toList();
    }
}
