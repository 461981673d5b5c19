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
 * </ul>
 */
public record StoreSettings(boolean enabled, String datasource, int retentionDays, int inboxMaxPerUser, int writeQueue) {

    public static final String DEFAULT_DATASOURCE = "java:comp/DefaultDataSource";

    public StoreSettings {
        if (datasource == null || datasource.isBlank()) throw new IllegalArgumentException("socketio.store.datasource must not be empty");
        if (retentionDays < 0) throw new IllegalArgumentException("socketio.store.history.retention-days must be 0 or more, got " + retentionDays);
        if (inboxMaxPerUser < 1) throw new IllegalArgumentException("socketio.store.inbox.max-per-user must be at least 1, got " + inboxMaxPerUser);
        if (writeQueue < 1) throw new IllegalArgumentException("socketio.store.write-queue must be at least 1, got " + writeQueue);
    }

    public static StoreSettings from(Config config) {
        String p = "socketio.store.";
        return new StoreSettings(
                config.getOptionalValue(p + "enabled", Boolean.class).orElse(true),
                config.getOptionalValue(p + "datasource", String.class).map(String::trim).orElse(DEFAULT_DATASOURCE),
                config.getOptionalValue(p + "history.retention-days", Integer.class).orElse(30),
                config.getOptionalValue(p + "inbox.max-per-user", Integer.class).orElse(1000),
                config.getOptionalValue(p + "write-queue", Integer.class).orElse(10_000));
    }
}
