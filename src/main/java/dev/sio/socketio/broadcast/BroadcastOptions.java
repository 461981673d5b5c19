package dev.sio.socketio.broadcast;

import java.util.Set;

/**
 * Who a broadcast reaches: the sockets in any of {@code rooms} (everyone when empty), minus those in
 * any of {@code except}.
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, boolean isVolatile) {

    public static final BroadcastOptions ALL = new BroadcastOptions(Set.of(), Set.of(), false);

    public BroadcastOptions {
        rooms = Set.copyOf(rooms);
        except = Set.copyOf(except);
    }
}
