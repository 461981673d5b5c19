package dev.sio.cluster.redis;

/** Where the link stands; a readiness check reports the node not ready unless {@link #CONNECTED}. */
public enum RedisLinkState {
    /** Never connected yet: Redis was unreachable at start, or the first connect is under way. */
    CONNECTING,
    /** Both connections up; every subscription re-issued. */
    CONNECTED,
    /** Lost a connection; reconnecting in the background. */
    RECONNECTING,
    CLOSED
}
