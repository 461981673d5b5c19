package dev.sio.app.chat;

import org.eclipse.microprofile.config.Config;

/**
 * The bounds on private messages waiting for an acknowledgement, from MicroProfile Config (see
 * docs/persistence.md). Past either, a message is not sent now: it waits in the recipient's inbox and
 * is sent when a slot frees or when a socket of the recipient connects.
 * <ul>
 * <li>{@code socketio.chat.private.in-flight-per-user} (100): sends to one recipient awaiting an answer</li>
 * <li>{@code socketio.chat.private.in-flight-total} (10000): sends awaiting an answer on this node, all recipients</li>
 * </ul>
 */
record PrivateMessageSettings(int inFlightPerUser, int inFlightTotal) {

    static final String PREFIX = "socketio.chat.private.";

    PrivateMessageSettings {
        if (inFlightPerUser < 1) throw new IllegalArgumentException(PREFIX + "in-flight-per-user must be at least 1, got " + inFlightPerUser);
        if (inFlightTotal < 1) throw new IllegalArgumentException(PREFIX + "in-flight-total must be at least 1, got " + inFlightTotal);
    }

    static PrivateMessageSettings from(Config config) {
        return new PrivateMessageSettings(
                config.getOptionalValue(PREFIX + "in-flight-per-user", Integer.class).orElse(100),
                config.getOptionalValue(PREFIX + "in-flight-total", Integer.class).orElse(10_000));
    }
}
