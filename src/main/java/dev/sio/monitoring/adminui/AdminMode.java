package dev.sio.monitoring.adminui;

import java.util.Locale;

/**
 * How much the Admin UI is told. Production: server statistics and the commands. Development: also
 * every socket with its handshake, every room change and every event received, which costs one
 * message to the admins per event on the server: for development servers only.
 */
public enum AdminMode {
    DEVELOPMENT, PRODUCTION;

    /** "development" or "production" (any case); anything else is a configuration error. */
    public static AdminMode of(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "development" -> DEVELOPMENT;
            case "production" -> PRODUCTION;
            default -> throw new IllegalArgumentException("socketio.admin-ui.mode must be development or production, got '" + text + "'");
        };
    }
}
