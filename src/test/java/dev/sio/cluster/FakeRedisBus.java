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
 * Redis pub/sub in one JVM for the adapter tests: several clients (nodes) publish and subscribe;
 * a publish reaches every client subscribed to the channel (classic channels and patterns ending
 * in {@code *}; shard channels apart, as in Redis 7), synchronously, on the publisher's thread
 * (the node hands it to its cluster thread). NUMSUB counts clients. A client can be cut off.
 */
final class FakeRedisBus {

    final List<Client> clients = new CopyOnWriteArrayList<>();

    Client client(String prefix) {
        Client c = new Client(prefix);
        clients.add(c);
        return c;
    }

    final class Client implements RedisPubSub {
        final Map<String, MessageHandler> channels = new ConcurrentHashMap<>();
        final Map<String, MessageHandler> patterns = new ConcurrentHashMap<>();
        final Map<String, MessageHandler> shards = new ConcurrentHashMap<>();
        final List<String> published = new CopyOnWriteArrayList<>();
        volatile RedisLinkState state = RedisLinkState.CONNECTED;
        private final RedisSettings settings;

        Client(String prefix) {
            settings = new RedisSettings(RedisSettings.DEFAULT_URI, prefix, Duration.ofMillis(500), Duration.ofSeconds(2), 1000);
        }

        boolean up() {
            return state == RedisLinkState.CONNECTED;
        }

        private <T> CompletionStage<T> down() {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis down"));
        }

        @Override
        public CompletionStage<Long> publish(String channel, byte[] message) {
            if (!up()) return down();
            published.add("PUBLISH " + channel);
            long n = 0;
            for (Client c : clients) {
                if (!c.up()) continue;
                MessageHandler h = c.channels.get(channel);
                if (h != null) {
                    h.onMessage(channel, message);
                    n++;
                }
                for (var p : c.patterns.entrySet()) {
                    String pattern = p.getKey();
                    if (pattern.endsWith("*") && channel.startsWith(pattern.substring(0, pattern.length() - 1))) {
                        p.getValue().onMessage(channel, message);
                        n++;
                    }
                }
            }
            return CompletableFuture.completedFuture(n);
        }

        @Override
        public CompletionStage<Long> spublish(String channel, byte[] message) {
            if (!up()) return down();
            published.add("SPUBLISH " + channel);
            long n = 0;
            for (Client c : clients) {
                MessageHandler h = c.up() ? c.shards.get(channel) : null;
                if (h != null) {
                    h.onMessage(channel, message);
                    n++;
                }
            }
            return CompletableFuture.completedFuture(n);
        }

        @Override
        public CompletionStage<Long> numsub(String channel) {
            if (!up()) return down();
            return CompletableFuture.completedFuture(clients.stream().filter(c -> c.up() && c.channels.containsKey(channel)).count());
        }

        @Override
        public CompletionStage<Long> shardNumsub(String channel) {
            if (!up()) return down();
            return CompletableFuture.completedFuture(clients.stream().filter(c -> c.up() && c.shards.containsKey(channel)).count());
        }

        @Override
        public CompletionStage<Void> subscribe(String channel, MessageHandler handler) {
            channels.put(channel, handler);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> psubscribe(String pattern, MessageHandler handler) {
            patterns.put(pattern, handler);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> ssubscribe(String channel, MessageHandler handler) {
            shards.put(channel, handler);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> unsubscribe(String channel) {
            channels.remove(channel);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> punsubscribe(String pattern) {
            patterns.remove(pattern);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> sunsubscribe(String channel) {
            shards.remove(channel);
            return CompletableFuture.completedFuture(null);
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
            state = RedisLinkState.CLOSED;
            clients.remove(this);
            return CompletableFuture.completedFuture(null);
        }
    }
}
