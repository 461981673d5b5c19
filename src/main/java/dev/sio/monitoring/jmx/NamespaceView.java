package dev.sio.monitoring.jmx;

import dev.sio.socketio.server.JsonBuilders;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Socket;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.Set;

/** A namespace seen through JMX. */
final class NamespaceView implements NamespaceMXBean {

    /** Lists are cut here: a JMX console is no place for a million ids. */
    static final int MAX_LISTED = 1000;

    private final Namespace namespace;

    NamespaceView(Namespace namespace) {
        this.namespace = namespace;
    }

    @Override
    public String getName() {
        return namespace.name();
    }

    @Override
    public int getSockets() {
        return namespace.sockets().size();
    }

    @Override
    public int getRooms() {
        return (int) namedRooms().count();
    }

    @Override
    public String[] getRoomNames() {
        return namedRooms().sorted().limit(MAX_LISTED).toArray(String[]::new);
    }

    /** Rooms other than the sockets' own (every socket is alone in a room named by its id). */
    private java.util.stream.Stream<String> namedRooms() {
        var sockets = namespace.sockets();
        return namespace.adapter().rooms().stream().filter(room -> !sockets.containsKey(room));
    }

    @Override
    public String[] roomSockets(String room) {
        if (room == null || room.isEmpty()) throw new IllegalArgumentException("a room name is required");
        return namespace.adapter().sockets(Set.of(room)).stream().sorted().limit(MAX_LISTED).toArray(String[]::new);
    }

    @Override
    public boolean disconnectSocket(String socketId, boolean closeConnection) {
        Socket socket = socketId == null ? null : namespace.socket(socketId);
        if (socket == null) return false;
        socket.disconnect(closeConnection);
        return true;
    }

    @Override
    public int emitToRoom(String room, String event, String jsonArguments) {
        if (event == null || event.isBlank() || dev.sio.socketio.server.ReservedEvents.contains(event)) {
            throw new IllegalArgumentException("not an event one may emit: " + event);
        }
        Object[] args = arguments(jsonArguments);
        var target = room == null || room.isEmpty() ? namespace.to() : namespace.to(room);
        int selected = target.socketIds().size();
        target.emit(event, args);
        return selected;
    }

    private static Object[] arguments(String json) {
        if (json == null || json.isBlank()) return new Object[0];
        try (JsonReader reader = JsonBuilders.provider().createReader(new StringReader(json))) {
            JsonArray array = reader.readArray();
            return array.toArray(new JsonValue[0]);
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("the arguments must be a JSON array, e.g. [\"text\"]");
        }
    }
}
