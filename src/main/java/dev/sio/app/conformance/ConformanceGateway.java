package dev.sio.app.conformance;

import dev.sio.cdi.OnConnect;
import dev.sio.cdi.OnEvent;
import dev.sio.cdi.SocketGateway;
import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application the Socket.IO v5 specification's test suite expects on the main namespace.
 * Off unless {@code socketio.conformance.enabled=true}.
 */
@ApplicationScoped
@SocketGateway(namespace = "/", enabledIf = "socketio.conformance.enabled")
public class ConformanceGateway {

    @OnConnect
    void connected(Socket socket) {
        socket.emit("auth", socket.handshake().auth());
    }

    @OnEvent("message")
    void message(Socket socket, Payload args) {
        socket.emit("message-back", args.values());
    }

    @OnEvent("message-with-ack")
    void messageWithAck(Payload args, Ack ack) {
        if (ack != null) ack.send(args.values());
    }
}
