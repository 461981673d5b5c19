package dev.sio.it;

import dev.sio.cdi.OnConnect;
import dev.sio.cdi.OnDisconnect;
import dev.sio.cdi.OnEvent;
import dev.sio.cdi.RoomRule;
import dev.sio.cdi.Rooms;
import dev.sio.cdi.SocketGateway;
import dev.sio.socketio.server.Socket;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only namespace /secure: the guards of a gateway that only token holders join, with an
 * admin-only event, a refused-to-all event and admin-only rooms; counters prove that refused
 * sockets reach no handler. Same contract as /secure of the Node reference server.
 */
@ApplicationScoped
@SocketGateway(namespace = "/secure")
@RolesAllowed("**")
@RoomRule(pattern = "admin-.*", rolesAllowed = "admin")
public class SecureTestGateway {

    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicInteger disconnects = new AtomicInteger();

    @Inject
    Rooms rooms;

    @OnConnect
    void connected(Socket socket, JsonWebToken token) {
        connects.incrementAndGet();
        socket.emit("welcome", user(token));
    }

    @OnDisconnect
    void disconnected() {
        disconnects.incrementAndGet();
    }

    @OnEvent("whoami")
    Map<String, Object> whoami(JsonWebToken token) {
        return user(token);
    }

    /** How many sockets reached the connect and disconnect handlers so far. */
    @OnEvent("stats")
    Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("connects", connects.get());
        stats.put("disconnects", disconnects.get());
        return stats;
    }

    @RolesAllowed("admin")
    @OnEvent("adminOnly")
    Map<String, Object> adminOnly() {
        return Map.of("ok", true);
    }

    @DenyAll
    @OnEvent("nobody")
    Map<String, Object> nobody() {
        return Map.of("ok", true);
    }

    @OnEvent("joinRoom")
    Map<String, Object> joinRoom(Socket socket, String room) {
        rooms.join(socket, room);
        return Map.of("ok", true);
    }

    private static Map<String, Object> user(JsonWebToken token) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("sub", token.getSubject());
        user.put("name", token.getClaim("preferred_username"));
        List<String> groups = new ArrayList<>(new TreeSet<>(token.getGroups()));
        user.put("groups", groups);
        return user;
    }
}
