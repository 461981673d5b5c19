package dev.sio.app.bench;

import dev.sio.cdi.OnEvent;
import dev.sio.cdi.SocketGateway;
import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.BroadcastOperator;
import dev.sio.socketio.server.JsonBuilders;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The benchmark application (namespace /bench), the same contract as the Node reference server in
 * bench/: echo, joinRoom, fanout. Off unless {@code socketio.bench.enabled=true}.
 */
@ApplicationScoped
@SocketGateway(namespace = "/bench", enabledIf = "socketio.bench.enabled")
public class BenchGateway {

    @OnEvent("echo")
    void echo(Payload args, Ack ack) {
        if (ack != null) ack.send(args.values());
    }

    @OnEvent("joinRoom")
    void joinRoom(Socket socket, String room, Ack ack) {
        if (room != null) socket.join(room);
        if (ack != null) ack.send();
    }

    /** {@code {room, payload, count}}: emits {@code msg {seq, ts, payload}} to the room count times. */
    @OnEvent("fanout")
    void fanout(Namespace bench, JsonObject request, Ack ack) {
        JsonValue room = request.get("room");
        JsonValue payload = request.getOrDefault("payload", JsonValue.NULL);
        int count = request.get("count") instanceof JsonNumber n ? Math.min(n.intValue(), 1_000_000) : 0;
        BroadcastOperator target = room instanceof JsonString s ? bench.to(s.getString()) : null;
        if (target == null) {
            if (ack != null) ack.send(JsonBuilders.object().add("error", "room is missing").build());
            return;
        }
        for (int seq = 0; seq < count; seq++) {
            target.emit("msg", JsonBuilders.object()
                    .add("seq", seq).add("ts", System.currentTimeMillis()).add("payload", payload).build());
        }
        if (ack != null) ack.send(JsonBuilders.object().add("sent", count).build());
    }
}
