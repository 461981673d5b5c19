package dev.sio.socketio.server;

import java.util.Set;

/** Event names with a meaning of their own on the client or server: no one may emit or handle them as events. */
public final class ReservedEvents {

    public static final Set<String> NAMES =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private ReservedEvents() {
    }

    public static boolean contains(String event) {
        return NAMES.contains(event);
    }
}
