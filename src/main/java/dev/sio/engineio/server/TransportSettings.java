package dev.sio.engineio.server;

/**
 * Settings of the transports, part of an engine's {@link EngineConfig}: read with every other
 * setting in one place (the CDI layer's settings reader) and handed down, so no transport reads
 * MicroProfile Config itself. Plain values, so tests build them with {@code new}.
 *
 * @param pollingBodyTimeoutMillis  {@code socketio.polling.body-timeout}: how long a POST body may take
 *                                  to arrive in full; after it the client gets 408 and its session is closed
 * @param pollingWriteTimeoutMillis {@code socketio.polling.write-timeout}: how long a client may take to
 *                                  read one poll answer; after it its session is closed
 * @param directSend                {@code socketio.websocket.direct-send}: on Tyrus, write frames through
 *                                  Tyrus's own send, below the Jakarta API
 * @param rawFrames                 {@code socketio.websocket.raw-frames}: with direct send, write our own
 *                                  pre-encoded frames, a connection's queued packets in one write
 * @param releaseUpgradeHandler     {@code socketio.websocket.release-upgrade-handler}: on Payara, let the
 *                                  container's pooled request forget a closed connection
 * @param plainScheduler            {@code socketio.websocket.plain-scheduler}: on Tyrus, run its idle-timeout
 *                                  tasks on a plain scheduler of ours, minus the no-op ones
 */
public record TransportSettings(long pollingBodyTimeoutMillis, long pollingWriteTimeoutMillis, boolean directSend,
                                boolean rawFrames, boolean releaseUpgradeHandler, boolean plainScheduler) {

    public static final long DEFAULT_POLLING_BODY_TIMEOUT_MILLIS = 20_000;
    public static final long DEFAULT_POLLING_WRITE_TIMEOUT_MILLIS = 20_000;

    public TransportSettings {
        if (pollingBodyTimeoutMillis <= 0) throw new IllegalArgumentException("socketio.polling.body-timeout must be > 0");
        if (pollingWriteTimeoutMillis <= 0) throw new IllegalArgumentException("socketio.polling.write-timeout must be > 0");
    }

    /** The documented defaults: 20 s timeouts, every fast path on (each still switches itself off where it does not fit). */
    public static TransportSettings defaults() {
        return new TransportSettings(DEFAULT_POLLING_BODY_TIMEOUT_MILLIS, DEFAULT_POLLING_WRITE_TIMEOUT_MILLIS,
                true, true, true, true);
    }
}
