package dev.sio.app.conformance;

import dev.sio.cdi.OnConnect;
import dev.sio.cdi.SocketGateway;
import dev.sio.socketio.server.Socket;
import jakarta.enterprise.context.ApplicationScoped;

/** The conformance suite's second namespace: it only echoes the handshake's auth payload. */
@ApplicationScoped
@SocketGateway(namespace = "/custom", enabledIf = "socketio.conformance.enabled")
public class ConformanceCustomGateway {

    @OnConnect
    void connected(Socket socket) {
        socket.emit("auth", socket.handshake().auth());
    }
}
