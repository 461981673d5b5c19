package dev.sio.cluster.redis;

/**
 * Receives the messages of one subscription. Runs on a Redis I/O thread: must not block, should
 * hand heavy work off. An exception is logged and the subscription carries on.
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * @param channel the channel the message was published on (for a pattern subscription, the
     *                matching channel, not the pattern)
     */
    void onMessage(String channel, byte[] message);
}
