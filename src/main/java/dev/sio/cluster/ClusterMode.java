package dev.sio.cluster;

import dev.sio.cluster.redis.MessageHandler;
import dev.sio.cluster.redis.RedisPubSub;
import dev.sio.cluster.wire.RedisChannels;
import dev.sio.cluster.wire.WireIds;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The two ways Node's {@code @socket.io/redis-adapter} 8.3 uses Redis, and what differs between
 * them at the Redis level: the publish and subscribe commands, the channel whose subscribers count
 * the servers, and the form of uids and request ids.
 */
public enum ClusterMode {

    /** {@code createAdapter}: PUBLISH / (P)SUBSCRIBE; servers counted on the request channel. */
    CLASSIC("redis") {
        @Override
        CompletionStage<Long> publish(RedisPubSub redis, String channel, byte[] message) {
            return redis.publish(channel, message);
        }

        @Override
        CompletionStage<Void> subscribe(RedisPubSub redis, String channel, MessageHandler handler) {
            return redis.subscribe(channel, handler);
        }

        @Override
        CompletionStage<Void> unsubscribe(RedisPubSub redis, String channel) {
            return redis.unsubscribe(channel);
        }

        @Override
        CompletionStage<Long> countSubscribers(RedisPubSub redis, String channel) {
            return redis.numsub(channel);
        }

        @Override
        public String serverCountChannel(RedisChannels channels) {
            return channels.request();
        }

        @Override
        public String newId() {
            return WireIds.classic();
        }
    },

    /** {@code createShardedAdapter} (Redis 7): SPUBLISH / SSUBSCRIBE; servers counted on the main channel. */
    SHARDED("redis-sharded") {
        @Override
        CompletionStage<Long> publish(RedisPubSub redis, String channel, byte[] message) {
            return redis.spublish(channel, message);
        }

        @Override
        CompletionStage<Void> subscribe(RedisPubSub redis, String channel, MessageHandler handler) {
            return redis.ssubscribe(channel, handler);
        }

        @Override
        CompletionStage<Void> unsubscribe(RedisPubSub redis, String channel) {
            return redis.sunsubscribe(channel);
        }

        @Override
        CompletionStage<Long> countSubscribers(RedisPubSub redis, String channel) {
            return redis.shardNumsub(channel);
        }

        @Override
        public String serverCountChannel(RedisChannels channels) {
            return channels.broadcast();
        }

        @Override
        public String newId() {
            return WireIds.sharded();
        }
    };

    private final String setting;

    ClusterMode(String setting) {
        this.setting = setting;
    }

    /** The value of {@code socketio.adapter} that selects this mode. */
    public String setting() {
        return setting;
    }

    abstract CompletionStage<Long> publish(RedisPubSub redis, String channel, byte[] message);

    abstract CompletionStage<Void> subscribe(RedisPubSub redis, String channel, MessageHandler handler);

    abstract CompletionStage<Void> unsubscribe(RedisPubSub redis, String channel);

    abstract CompletionStage<Long> countSubscribers(RedisPubSub redis, String channel);

    /** The channel every server of a namespace subscribes to exactly once: its subscribers are the servers. */
    public abstract String serverCountChannel(RedisChannels channels);

    /** A new adapter uid or request id, in the form Node's adapter of this mode makes them. */
    public abstract String newId();

    /**
     * The mode a {@code socketio.adapter} value selects: empty for {@code memory} (no cluster).
     *
     * @throws IllegalArgumentException for any other value, naming the valid ones
     */
    public static Optional<ClusterMode> fromSetting(String value) {
        String v = value == null ? "memory" : value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("memory")) return Optional.empty();
        for (ClusterMode mode : values()) {
            if (mode.setting.equals(v)) return Optional.of(mode);
        }
        throw new IllegalArgumentException("socketio.adapter must be memory, redis or redis-sharded, got '" + value + "'");
    }
}
