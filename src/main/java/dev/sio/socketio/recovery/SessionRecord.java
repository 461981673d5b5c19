package dev.sio.socketio.recovery;

import java.util.Map;
import java.util.Set;

/**
 * A socket that lost its connection, kept for its client to come back to.
 *
 * @param pid            the private id the client got in its CONNECT answer (the key)
 * @param socketId       the socket id it gets back
 * @param userId         who it belonged to (the token's subject; null for an anonymous socket): only the
 *                       same user gets it back
 * @param rooms          its rooms, its own id included
 * @param data           its attributes (Socket.IO's socket.data); a shared store must be able to serialise them
 * @param disconnectedAt milliseconds since the epoch, stamped by the store
 */
public record SessionRecord(String pid, String namespace, String socketId, String userId, Set<String> rooms,
                            Map<String, Object> data, long disconnectedAt) {

    public SessionRecord {
        rooms = Set.copyOf(rooms);
        data = Map.copyOf(data);
    }

    /** The same session, disconnected at {@code millis}. */
    public SessionRecord at(long millis) {
        return new SessionRecord(pid, namespace, socketId, userId, rooms, data, millis);
    }
}
