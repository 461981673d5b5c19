package dev.sio.it;

import dev.sio.cdi.OnConnect;
import dev.sio.cdi.OnEvent;
import dev.sio.cdi.SocketGateway;
import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Socket;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * Test-only dynamic namespace: every {@code /tenant-<lower-case letters and digits>} is a namespace of
 * its own, made on its first CONNECT. Same contract as the Node reference server's
 * {@code io.of(/^\/tenant-[a-z0-9]+$/)}.
 */
@ApplicationScoped
@SocketGateway(namespacePattern = "^/tenant-[a-z0-9]+$")
public class TenantTestGateway {

    @OnConnect
    void connected(Socket socket, Namespace namespace) {
        socket.emit("welcome", Map.of("nsp", namespace.name()));
    }

    @OnEvent("join")
    void join(Socket socket, String room, Ack ack) {
        socket.join(room);
        if (ack != null) ack.send();
    }

    /** {@code {room, event}}: emitted to the room of this namespace only, answered with the namespace's name. */
    @OnEvent("toRoom")
    String toRoom(Namespace namespace, Map<String, String> request) {
        namespace.to(request.get("room")).emit(request.get("event"), namespace.name());
        return namespace.name();
    }
}
