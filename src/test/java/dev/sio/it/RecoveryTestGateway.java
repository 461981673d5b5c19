package dev.sio.it;

import dev.sio.cdi.OnConnect;
import dev.sio.cdi.OnEvent;
import dev.sio.cdi.Rooms;
import dev.sio.cdi.SocketGateway;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Test-only namespace /recovery, the only one with connection state recovery in the test deployment
 * (window 2 s). Token holders only. Same contract as /recovery of the Node reference server:
 * {@code welcome} {sid, recovered, sub} on every connect, {@code join} room, {@code send}
 * {room?, seq} broadcasts {@code msg} seq to the room (or everyone), {@code rooms} lists the rooms,
 * {@code present} sid tells whether that socket is connected.
 */
@ApplicationScoped
@SocketGateway(namespace = "/recovery")
@RolesAllowed("**")
public class RecoveryTestGateway {

    @Inject
    Rooms rooms;

    @OnConnect
    void connected(Socket socket, JsonWebToken token) {
        Map<String, Object> welcome = new LinkedHashMap<>();
        welcome.put("sid", socket.id());
        welcome.put("recovered", socket.recovered());
        welcome.put("sub", token.getSubject());
        socket.emit("welcome", welcome);
    }

    @OnEvent("join")
    boolean join(Socket socket, String room) {
        rooms.join(socket, room);
        return true;
    }

    /** {room?, seq}: {@code msg} seq to the room, or to the whole namespace; acknowledged once sent. */
    @OnEvent("send")
    boolean send(Namespace namespace, JsonObject body) {
        JsonValue seq = body.get("seq");
        if (body.containsKey("room")) namespace.to(body.getString("room")).emit("msg", seq);
        else namespace.emit("msg", seq);
        return true;
    }

    /** Whether a socket with this id is connected here (tests wait until the server saw a drop). */
    @OnEvent("present")
    boolean present(Namespace namespace, String sid) {
        return namespace.socket(sid) != null;
    }

    @OnEvent("rooms")
    List<String> rooms(Socket socket) {
        return new ArrayList<>(new TreeSet<>(socket.rooms()));
    }
}
