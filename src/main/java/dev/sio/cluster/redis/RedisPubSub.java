package dev.sio.cluster.redis;

import java.util.concurrent.CompletionStage;

/**
 * What a cluster node needs of Redis: publish, count subscribers, subscribe, and where the link
 * stands. {@link RedisLink} is the real one; tests put a fake in its place. Every method returns at
 * once (see {@link RedisLink} for the fault behaviour).
 */
public interface RedisPubSub {

    CompletionStage<Long> publish(String channel, byte[] message);

    CompletionStage<Long> spublish(String channel, byte[] message);

    CompletionStage<Long> numsub(String channel);

    CompletionStage<Long> shardNumsub(String channel);

    CompletionStage<Void> subscribe(String channel, MessageHandler handler);

    CompletionStage<Void> psubscribe(String pattern, MessageHandler handler);

    CompletionStage<Void> ssubscribe(String channel, MessageHandler handler);

    CompletionStage<Void> unsubscribe(String channel);

    CompletionStage<Void> punsubscribe(String pattern);

    CompletionStage<Void> sunsubscribe(String channel);

    RedisLinkState state();

    /**
     * Whether Redis confirmed this subscription (a channel, pattern or shard channel, by its name) on
     * the receiving connection as it is now: false before the confirmation and from a disconnection
     * until the subscription is confirmed again. False by default: a fake's subscriptions do not
     * receive what is published on a real Redis (the recovery store's append script publishes there).
     */
    default boolean confirmed(String name) {
        return false;
    }

    RedisSettings settings();

    CompletionStage<Void> close();
}
