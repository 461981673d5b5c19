package dev.sio.monitoring.adminui;

import dev.sio.socketio.server.BroadcastOperator;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.ReservedEvents;
import dev.sio.socketio.server.SocketIoServer;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;

/**
 * Reads the arguments of the UI's commands, which are client input: every shape is checked, and
 * anything unexpected becomes a {@link CommandRefusedException} with a message, never an exception
 * out of a handler. A namespace must exist (Node's {@code io.of(nsp)} would create it: a command
 * never creates one); a filter is a room name (a socket's id names its own room), absent, null or
 * empty for the whole namespace.
 */
final class CommandArguments {

    /** Room names and filters longer than this are refused (no real room name is that long). */
    static final int MAX_NAME_LENGTH = 1000;

    private final SocketIoServer server;
    private final List<JsonValue> args;
    private final Object[] values;

    /** @param values the same arguments ready to be sent again (binaries as byte arrays: {@code Payload.values()}) */
    CommandArguments(SocketIoServer server, List<JsonValue> args, Object[] values) {
        this.server = server;
        this.args = args;
        this.values = values;
    }

    Object[] values() {
        return values;
    }

    int size() {
        return args.size();
    }

    Namespace namespace(int i) throws CommandRefusedException {
        String name = text(i, "namespace");
        Namespace namespace = server.namespace(name);
        if (namespace == null) throw new CommandRefusedException("unknown namespace");
        return namespace;
    }

    /** The sockets of the namespace that the filter at {@code i} selects. */
    BroadcastOperator selection(Namespace namespace, int i) throws CommandRefusedException {
        JsonValue value = i < args.size() ? args.get(i) : JsonValue.NULL;
        if (value.getValueType() == JsonValue.ValueType.NULL) return namespace.to();
        if (!(value instanceof JsonString filter)) throw new CommandRefusedException("the filter must be a room name or null");
        String room = filter.getString();
        if (room.length() > MAX_NAME_LENGTH) throw new CommandRefusedException("the filter is too long");
        return room.isEmpty() ? namespace.to() : namespace.to(room);
    }

    String room(int i) throws CommandRefusedException {
        String room = text(i, "room");
        if (room.isEmpty()) throw new CommandRefusedException("the room must not be empty");
        if (room.length() > MAX_NAME_LENGTH) throw new CommandRefusedException("the room name is too long");
        return room;
    }

    String event(int i) throws CommandRefusedException {
        String event = text(i, "event");
        if (event.isEmpty() || ReservedEvents.contains(event)) throw new CommandRefusedException("the event name is empty or reserved");
        return event;
    }

    boolean flag(int i, String what) throws CommandRefusedException {
        JsonValue value = i < args.size() ? args.get(i) : JsonValue.FALSE;
        switch (value.getValueType()) {
            case TRUE: return true;
            case FALSE, NULL: return false;
            default: break;
        }
        throw new CommandRefusedException("the " + what + " flag must be true or false");
    }

    private String text(int i, String what) throws CommandRefusedException {
        if (i >= args.size()) throw new CommandRefusedException("the " + what + " is missing");
        if (!(args.get(i) instanceof JsonString s)) throw new CommandRefusedException("the " + what + " must be a string");
        return s.getString();
    }
}
