package dev.sio.engineio.server;

import java.time.Duration;

/**
 * Settings of one Engine.IO server. Plain values so tests build it with {@code new}; the
 * container layer fills it from MicroProfile Config.
 *
 * @param pingInterval     how often the server pings (sent to the client in the open packet)
 * @param pingTimeout      how long the server waits for the pong before closing the session
 * @param upgradeTimeout   how long a polling session may stay half-upgraded
 * @param maxPayload       largest frame or polling body accepted, in bytes (Node's maxHttpBufferSize)
 * @param maxQueuedPackets bound of each session's outbound queue in packets; a session that overflows it is closed
 * @param allowUpgrades    whether a polling session is offered the WebSocket upgrade
 * @param maxQueuedBytes   bound of each session's outbound queue in bytes (text counted as its length in
 *                         characters, binary as its length in bytes); a session that overflows it is closed
 * @param allowEio3        whether Engine.IO protocol 3 clients (socket.io-client 2.x, {@code EIO=3}) are accepted,
 *                         as Node's {@code allowEIO3}; false: they are refused with HTTP 400 "Unsupported protocol version"
 */
public record EngineConfig(Duration pingInterval, Duration pingTimeout, Duration upgradeTimeout,
                           int maxPayload, int maxQueuedPackets, boolean allowUpgrades, long maxQueuedBytes,
                           boolean allowEio3) {

    /** Default of {@link #maxQueuedBytes}: 16 MiB per session. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;

    /** Node's engine.io defaults, plus our byte bound on the outbound queue. */
    public static EngineConfig defaults() {
        return new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20), Duration.ofSeconds(10),
                1_000_000, 4096, true);
    }

    /** Engine.IO 3 clients refused, as by default. */
    public EngineConfig(Duration pingInterval, Duration pingTimeout, Duration upgradeTimeout,
                        int maxPayload, int maxQueuedPackets, boolean allowUpgrades, long maxQueuedBytes) {
        this(pingInterval, pingTimeout, upgradeTimeout, maxPayload, maxQueuedPackets, allowUpgrades, maxQueuedBytes, false);
    }

    /** The same settings, with Engine.IO 3 clients accepted or not. */
    public EngineConfig withAllowEio3(boolean allow) {
        return new EngineConfig(pingInterval, pingTimeout, upgradeTimeout, maxPayload, maxQueuedPackets, allowUpgrades,
                maxQueuedBytes, allow);
    }

    /** With the default {@link #maxQueuedBytes}. */
    public EngineConfig(Duration pingInterval, Duration pingTimeout, Duration upgradeTimeout,
                        int maxPayload, int maxQueuedPackets, boolean allowUpgrades) {
        this(pingInterval, pingTimeout, upgradeTimeout, maxPayload, maxQueuedPackets, allowUpgrades,
                DEFAULT_MAX_QUEUED_BYTES);
    }

    public EngineConfig {
        if (pingInterval.isNegative() || pingInterval.isZero()) throw new IllegalArgumentException("pingInterval must be > 0");
        if (pingTimeout.isNegative() || pingTimeout.isZero()) throw new IllegalArgumentException("pingTimeout must be > 0");
        if (maxPayload <= 0) throw new IllegalArgumentException("maxPayload must be > 0");
        if (maxQueuedPackets <= 0) throw new IllegalArgumentException("maxQueuedPackets must be > 0");
        if (maxQueuedBytes <= 0) throw new IllegalArgumentException("maxQueuedBytes must be > 0");
    }
}
