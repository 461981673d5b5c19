package dev.sio.monitoring.adminui;

import dev.sio.log.LogSafe;
import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.BroadcastOperator;
import dev.sio.socketio.server.EventHandler;
import dev.sio.socketio.server.JsonBuilders;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;
import dev.sio.socketio.server.SocketIoServer;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The UI's commands, with instrument()'s arguments (Socket.IO v4 forms, where the filter is a room):
 * <ul>
 * <li>{@code emit(nsp, filter, event, ...args)}: emits to the selected sockets</li>
 * <li>{@code join(nsp, room, filter)} / {@code leave(nsp, room, filter)}: the selected sockets join / leave the room</li>
 * <li>{@code _disconnect(nsp, close, filter)}: disconnects them (with {@code close}, their whole connection)</li>
 * </ul>
 * The UI asks for no acknowledgement; a client that does gets {@code {ok: true}} or
 * {@code {error: message}}. A refused command (malformed, unknown namespace, read-only mode) is
 * logged and changes nothing.
 */
final class AdminCommands {

    static final List<String> NAMES = List.of("emit", "join", "leave", "_disconnect");

    private static final Logger LOG = System.getLogger(AdminCommands.class.getName());

    private interface Command {
        void run(CommandArguments args) throws CommandRefusedException;
    }

    private final SocketIoServer server;
    private final boolean readOnly;

    AdminCommands(SocketIoServer server, boolean readOnly) {
        this.server = server;
        this.readOnly = readOnly;
    }

    /** Handles the commands on the admin namespace. */
    void register(Namespace admin) {
        admin.on("emit", handler("emit", this::emit));
        admin.on("join", handler("join", args -> {
            Namespace namespace = args.namespace(0);
            String room = args.room(1);
            args.selection(namespace, 2).socketsJoin(room);
        }));
        admin.on("leave", handler("leave", args -> {
            Namespace namespace = args.namespace(0);
            String room = args.room(1);
            args.selection(namespace, 2).socketsLeave(room);
        }));
        admin.on("_disconnect", handler("_disconnect", args -> {
            Namespace namespace = args.namespace(0);
            boolean close = args.flag(1, "close");
            args.selection(namespace, 2).disconnectSockets(close);
        }));
    }

    private void emit(CommandArguments args) throws CommandRefusedException {
        Namespace namespace = args.namespace(0);
        BroadcastOperator selection = args.selection(namespace, 1);
        String event = args.event(2);
        Object[] rest = new Object[Math.max(0, args.size() - 3)];
        System.arraycopy(args.values(), 3, rest, 0, rest.length);
        selection.emit(event, rest);
    }

    private EventHandler handler(String name, Command command) {
        return (Socket socket, Payload payload, Ack ack) -> {
            try {
                if (readOnly) throw new CommandRefusedException("read-only mode: commands are refused");
                command.run(new CommandArguments(server, payload.json(), payload.values()));
                LOG.log(Level.INFO, "Admin UI command {0} {1} by {2}", name, LogSafe.text(payload.toString()), socket.id());
                if (ack != null) ack.send(JsonBuilders.object().add("ok", true).build());
            } catch (CommandRefusedException refused) {
                LOG.log(Level.INFO, "Admin UI command {0} refused: {1}", name, refused.getMessage());
                if (ack != null) ack.send(JsonBuilders.object().add("error", refused.getMessage()).build());
            } catch (RuntimeException e) {
                // a bug or a failing adapter: the admin gets an answer, the server stays up
                LOG.log(Level.WARNING, "Admin UI command " + name + " failed", LogSafe.throwable(e));
                if (ack != null) ack.send(JsonBuilders.object().add("error", "the command failed on the server").build());
            }
        };
    }
}
