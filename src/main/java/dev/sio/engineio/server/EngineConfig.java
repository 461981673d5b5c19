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
 * @param maxQueuedPackets bound of each session's outbound queue; a session that overflows it is closed
 * @param allowUpgrades    whether a polling session is offered the WebSocket upgrade
 */
public record EngineConfig(Duration pingInterval, Duration pingTimeout, Duration upgradeTimeout,
                           int maxPayload, int maxQueuedPackets, boolean allowUpgrades) {

    /** Node's engine.io defaults. */
    public static EngineConfig defaults() {
        return new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20), Duration.ofSeconds(10),
                1_000_000, 4096, true);
    }

    public EngineConfig {
        if (pingInterval.isNegative() || pingInterval.isZero()) throw new IllegalArgumentException("pingInterval must be > 0");
        if (pingTimeout.isNegative() || pingTimeout.isZero()) throw new IllegalArgumentException("pingTimeout must be > 0");
        if (maxPayload <= 0) throw new IllegalArgumentException("maxPayload must be > 0");
        if (maxQueuedPackets <= 0) throw new IllegalArgumentException("maxQueuedPackets must be > 0");
    }
}
