package dev.sio.app.chat;

import org.eclipse.microprofile.config.Config;

/**
 * The bounds on private messages the node holds for their recipients, from MicroProfile Config (see
 * docs/persistence.md). Past an in-flight cap a message is not sent now: it waits in the recipient's
 * inbox and is sent when a slot frees or when a socket of the recipient connects. Past a redelivery
 * cap the inbox read for a connecting socket is not held in full: the rest stays in the inbox and is
 * read again once what was held has gone out.
 * <ul>
 * <li>{@code socketio.chat.private.in-flight-per-user} (100): sends to one recipient awaiting an answer</li>
 * <li>{@code socketio.chat.private.in-flight-total} (10000): sends awaiting an answer on this node, all recipients</li>
 * <li>{@code socketio.chat.private.redelivery-per-user} (1000): inbox messages held for one user's connecting sockets, waiting for a slot (one copy shared by the user's sockets)</li>
 * <li>{@code socketio.chat.private.redelivery-bytes-per-user} (1 MiB): the same in bytes (estimated, {@link Redeliveries#bytes})</li>
 * <li>{@code socketio.chat.private.redelivery-total} (100000): inbox messages held for redelivery on this node, all users</li>
 * <li>{@code socketio.chat.private.redelivery-bytes-total} (64 MiB): the same in bytes</li>
 * </ul>
 */
record PrivateMessageSettings(int inFlightPerUser, int inFlightTotal,
                              int redeliveryPerUser, long redeliveryBytesPerUser,
                              int redeliveryTotal, long redeliveryBytesTotal) {

    static final String PREFIX = "socketio.chat.private.";
    static final int REDELIVERY_PER_USER = 1000;
    static final long REDELIVERY_BYTES_PER_USER = 1L << 20;
    static final int REDELIVERY_TOTAL = 100_000;
    static final long REDELIVERY_BYTES_TOTAL = 64L << 20;

    PrivateMessageSettings {
        if (inFlightPerUser < 1) throw new IllegalArgumentException(PREFIX + "in-flight-per-user must be at least 1, got " + inFlightPerUser);
        if (inFlightTotal < 1) throw new IllegalArgumentException(PREFIX + "in-flight-total must be at least 1, got " + inFlightTotal);
        if (redeliveryPerUser < 1) throw new IllegalArgumentException(PREFIX + "redelivery-per-user must be at least 1, got " + redeliveryPerUser);
        if (redeliveryBytesPerUser < 1) throw new IllegalArgumentException(PREFIX + "redelivery-bytes-per-user must be at least 1, got " + redeliveryBytesPerUser);
        if (redeliveryTotal < 1) throw new IllegalArgumentException(PREFIX + "redelivery-total must be at least 1, got " + redeliveryTotal);
        if (redeliveryBytesTotal < 1) throw new IllegalArgumentException(PREFIX + "redelivery-bytes-total must be at least 1, got " + redeliveryBytesTotal);
    }

    /** The in-flight caps with the default redelivery bounds. */
    PrivateMessageSettings(int inFlightPerUser, int inFlightTotal) {
        this(inFlightPerUser, inFlightTotal, REDELIVERY_PER_USER, REDELIVERY_BYTES_PER_USER, REDELIVERY_TOTAL, REDELIVERY_BYTES_TOTAL);
    }

    static PrivateMessageSettings from(Config config) {
        return new PrivateMessageSettings(
                config.getOptionalValue(PREFIX + "in-flight-per-user", Integer.class).orElse(100),
                config.getOptionalValue(PREFIX + "in-flight-total", Integer.class).orElse(10_000),
                config.getOptionalValue(PREFIX + "redelivery-per-user", Integer.class).orElse(REDELIVERY_PER_USER),
                config.getOptionalValue(PREFIX + "redelivery-bytes-per-user", Long.class).orElse(REDELIVERY_BYTES_PER_USER),
                config.getOptionalValue(PREFIX + "redelivery-total", Integer.class).orElse(REDELIVERY_TOTAL),
                config.getOptionalValue(PREFIX + "redelivery-bytes-total", Long.class).orElse(REDELIVERY_BYTES_TOTAL));
    }
}
