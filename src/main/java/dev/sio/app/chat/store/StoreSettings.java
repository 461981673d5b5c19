package dev.sio.app.chat.store;

import org.eclipse.microprofile.config.Config;

/**
 * The chat store's settings from MicroProfile Config (see docs/persistence.md):
 * <ul>
 * <li>{@code socketio.store.enabled} (true): room history and private-message inboxes in a database</li>
 * <li>{@code socketio.store.datasource} ("java:comp/DefaultDataSource"): the JNDI name of the datasource;
 *     the default is the server's embedded database (H2 on Payara and WildFly)</li>
 * <li>{@code socketio.store.history.retention-days} (30; 0 keeps history for ever)</li>
 * <li>{@code socketio.store.inbox.max-per-user} (1000): past it the oldest entries of the user go (logged)</li>
 * <li>{@code socketio.store.write-queue} (10000): writes waiting for the writer thread; past it a room
 *     message is delivered but not stored (logged, counted), a private message is refused if nobody got it</li>
 * <li>{@code socketio.store.history.write-delay} (ms, 100): how long a batch of room messages alone waits
 *     for more before it is written (a batch with private-message writes waits at most 20 ms); the
 *     history lags live delivery by up to this</li>
 * </ul>
 */
public record StoreSettings(boolean enabled, String datasource, int retentionDays, int inboxMaxPerUser, int writeQueue,
                            long historyWriteDelayMillis) {

    public static final String DEFAULT_DATASOURCE = "java:comp/DefaultDataSource";
    public static final long DEFAULT_HISTORY_WRITE_DELAY_MILLIS = 100;

    /** With the default {@link #historyWriteDelayMillis}. */
    public StoreSettings(boolean enabled, String datasource, int retentionDays, int inboxMaxPerUser, int writeQueue) {
        this(enabled, datasource, retentionDays, inboxMaxPerUser, writeQueue, DEFAULT_HISTORY_WRITE_DELAY_MILLIS);
    }

    public StoreSettings {
        if (datasource == null || datasource.isBlank()) throw new IllegalArgumentException("socketio.store.datasource must not be empty");
        if (retentionDays < 0) throw new IllegalArgumentException("socketio.store.history.retention-days must be 0 or more, got " + retentionDays);
        if (inboxMaxPerUser < 1) throw new IllegalArgumentException("socketio.store.inbox.max-per-user must be at least 1, got " + inboxMaxPerUser);
        if (writeQueue < 1) throw new IllegalArgumentException("socketio.store.write-queue must be at least 1, got " + writeQueue);
        if (historyWriteDelayMillis < 0 || historyWriteDelayMillis > 10_000) {
            throw new IllegalArgumentException("socketio.store.history.write-delay must be from 0 to 10000 ms, got " + historyWriteDelayMillis);
        }
    }

    public static StoreSettings from(Config config) {
        String p = "socketio.store.";
        return new StoreSettings(
                config.getOptionalValue(p + "enabled", Boolean.class).orElse(true),
                config.getOptionalValue(p + "datasource", String.class).map(String::trim).orElse(DEFAULT_DATASOURCE),
                config.getOptionalValue(p + "history.retention-days", Integer.class).orElse(30),
                config.getOptionalValue(p + "inbox.max-per-user", Integer.class).orElse(1000),
                config.getOptionalValue(p + "write-queue", Integer.class).orElse(10_000),
                config.getOptionalValue(p + "history.write-delay", Long.class).orElse(DEFAULT_HISTORY_WRITE_DELAY_MILLIS));
    }
}
