package dev.sio.engineio.polling;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Settings of the long-polling transport, read once from MicroProfile Config.
 *
 * @param bodyTimeoutMillis  {@code socketio.polling.body-timeout}: how long a POST body may take to
 *                           arrive in full; after it the client gets 408 and its session is closed
 * @param writeTimeoutMillis {@code socketio.polling.write-timeout}: how long a client may take to read
 *                           one poll answer; after it its session is closed
 * @param abortDetection     {@code socketio.polling.abort-detection}: notice cancelled polls on Grizzly
 *                           (see {@link GrizzlyAbortDetector})
 */
record PollingSettings(long bodyTimeoutMillis, long writeTimeoutMillis, boolean abortDetection) {

    static final long DEFAULT_BODY_TIMEOUT_MILLIS = 20_000;
    static final long DEFAULT_WRITE_TIMEOUT_MILLIS = 20_000;

    PollingSettings {
        if (bodyTimeoutMillis <= 0) throw new IllegalArgumentException("socketio.polling.body-timeout must be > 0");
        if (writeTimeoutMillis <= 0) throw new IllegalArgumentException("socketio.polling.write-timeout must be > 0");
    }

    static PollingSettings defaults() {
        return new PollingSettings(DEFAULT_BODY_TIMEOUT_MILLIS, DEFAULT_WRITE_TIMEOUT_MILLIS, false);
    }

    /** From MicroProfile Config; the defaults where it is missing or not available at all. */
    static PollingSettings fromConfig() {
        Config config;
        try {
            config = ConfigProvider.getConfig();
        } catch (RuntimeException | LinkageError e) {
            return defaults();
        }
        return new PollingSettings(
                config.getOptionalValue("socketio.polling.body-timeout", Long.class).orElse(DEFAULT_BODY_TIMEOUT_MILLIS),
                config.getOptionalValue("socketio.polling.write-timeout", Long.class).orElse(DEFAULT_WRITE_TIMEOUT_MILLIS),
                config.getOptionalValue("socketio.polling.abort-detection", Boolean.class).orElse(false));
    }
}
