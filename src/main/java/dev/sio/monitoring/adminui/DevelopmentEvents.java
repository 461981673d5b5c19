package dev.sio.monitoring.adminui;

import dev.sio.socketio.server.JsonBuilders;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.ServerEvents;
import dev.sio.socketio.server.Socket;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;

import java.time.Clock;

/**
 * Development mode's live view (instrument()'s verbose listeners): {@code socket_connected},
 * {@code socket_disconnected}, {@code room_joined}, {@code room_left}, {@code event_received} and
 * {@code event_sent}, each with the time, sent to the logged-in admins. Nothing is built while no
 * admin is connected. Events of the admin namespace itself are not reported (as in Node), its sockets
 * and rooms are. Not reported: {@code socket_updated} (no upgrade hook per socket in our API yet);
 * the UI then shows the transport a socket joined with.
 */
final class DevelopmentEvents implements ServerEvents {

    private final Namespace admin;
    private final Clock clock;

    DevelopmentEvents(Namespace admin, Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    /** Reports the namespace's sockets joining and leaving from now on. */
    void watch(Namespace namespace) {
        if (namespace != admin) {
            // instrument()'s socket.onAnyOutgoing: each event a socket is sent, broadcasts once per recipient
            namespace.onAnyOutgoing((socket, event, args) -> {
                if (!listening()) return;
                JsonArrayBuilder all = JsonBuilders.array().add(event);
                for (JsonValue arg : args.json()) all.add(arg);
                admin.emit("event_sent", namespace.name(), socket.id(), all.build(), now());
            });
        }
        namespace.onConnection(socket -> {
            if (listening()) admin.emit("socket_connected", SocketView.of(socket), now());
            String name = socket.namespace().name();
            String id = socket.id();
            socket.onDisconnect(reason -> {
                if (listening()) admin.emit("socket_disconnected", name, id, reason, now());
            });
        });
    }

    @Override
    public void roomJoined(Socket socket, String room) {
        if (listening()) admin.emit("room_joined", socket.namespace().name(), room, socket.id(), now());
    }

    @Override
    public void roomLeft(Socket socket, String room) {
        if (listening()) admin.emit("room_left", socket.namespace().name(), room, socket.id(), now());
    }

    @Override
    public void eventReceived(Socket socket, String event, Payload args) {
        if (socket.namespace() == admin || !listening()) return;
        JsonArrayBuilder all = JsonBuilders.array().add(event);
        for (JsonValue arg : args.json()) all.add(arg);
        admin.emit("event_received", socket.namespace().name(), socket.id(), all.build(), now());
    }

    private boolean listening() {
        return !admin.sockets().isEmpty();
    }

    private String now() {
        return SocketView.timestamp(clock.instant());
    }
}
