package dev.sio.it;

import dev.sio.cdi.OnEvent;
import dev.sio.cdi.SocketGateway;
import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.Socket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

import java.lang.management.ManagementFactory;

/**
 * Test-only namespace /hardening for {@link HardeningIT}: makes the server send large messages to a
 * client, and reports the server's live heap.
 */
@ApplicationScoped
@SocketGateway(namespace = "/hardening")
public class HardeningTestGateway {

    /** {"count": n, "size": chars}: emits n "big" events of that many characters, while the socket stays connected. */
    @OnEvent("flood")
    void flood(Socket socket, JsonObject request) {
        String big = "x".repeat(request.getInt("size"));
        int count = request.getInt("count");
        for (int i = 0; i < count && socket.connected(); i++) socket.emit("big", big);
    }

    /** The server's used heap after a full collection, in bytes. */
    @OnEvent("heap")
    void heap(Ack ack) {
        System.gc();
        ack.send(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
}
