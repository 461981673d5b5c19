package dev.sio.cluster.redis;

/** A command refused at once because the link has no live connection (or is closed). */
public final class RedisUnavailableException extends RuntimeException {

    public RedisUnavailableException(String message) {
        super(message, null, false, false);
    }
}
