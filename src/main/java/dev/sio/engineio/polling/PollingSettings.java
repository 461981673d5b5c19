package dev.sio.engineio.polling;

/**
 * Settings of the long-polling transport (read with the others in {@code dev.sio.cdi.SocketIoSettings}).
 *
 * @param bodyTimeoutMillis  {@code socketio.polling.body-timeout}: how long a POST body may take to
 *                           arrive in full; after it the client gets 408 and its session is closed
 * @param writeTimeoutMillis {@code socketio.polling.write-timeout}: how long a client may take to read
 *                           one poll answer; after it its session is closed
 */
public record PollingSettings(long bodyTimeoutMillis, long writeTimeoutMillis) {

    public static final long DEFAULT_BODY_TIMEOUT_MILLIS = 20_000;
    public static final long DEFAULT_WRITE_TIMEOUT_MILLIS = 20_000;

    public PollingSettings {
        if (bodyTimeoutMillis <= 0) throw new IllegalArgumentException("socketio.polling.body-timeout must be > 0");
        if (writeTimeoutMillis <= 0) throw new IllegalArgumentException("socketio.polling.write-timeout must be > 0");
    }

    public static PollingSettings defaults() {
        return new PollingSettings(DEFAULT_BODY_TIMEOUT_MILLIS, DEFAULT_WRITE_TIMEOUT_MILLIS);
    }
}
