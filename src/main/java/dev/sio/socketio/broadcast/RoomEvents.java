package dev.sio.socketio.broadcast;

/**
 * Told when a room of the in-memory adapter gets its first member or loses its last (Node's
 * {@code create-room} / {@code delete-room}): a sharded cluster adapter subscribes to a room's
 * channel while the node holds it. Called after the change, on the joining or leaving thread;
 * implementations are quick and thread-safe, and must not call back into the adapter. With
 * concurrent joins and leaves of one room, the calls for it may come in a different order than
 * the changes: read {@link Adapter#sockets} to know the room's state now.
 */
public interface RoomEvents {

    RoomEvents NONE = new RoomEvents() {
    };

    default void roomCreated(String room) {
    }

    default void roomDeleted(String room) {
    }
}
