package dev.sio.integration;

import dev.sio.socketio.server.JsonBuilders;
import jakarta.json.JsonArray;
import jakarta.json.JsonObjectBuilder;

import java.nio.charset.StandardCharsets;

/**
 * A client event the gateway accepted, as it leaves for the broker: routing key
 * {@code <nsp without its leading slash>.<event>} ({@code /chat} + {@code roomMessage} =
 * {@code chat.roomMessage}) and the body
 * {@code {"nsp", "event", "args", "socket": {"id", "user": {"id", "name"}}, "ts"}}
 * ({@code user} null for an anonymous socket, {@code ts} in epoch milliseconds).
 *
 * @param userId   the token's {@code sub}, or null
 * @param userName the display name ({@code preferred_username}, {@code upn}, {@code name}, then the id)
 */
public record OutboundEvent(String namespace, String event, JsonArray args, String socketId, String userId, String userName,
                            long timestampMillis) {

    public String routingKey() {
        return namespace.substring(1) + "." + event;
    }

    /** The body as UTF-8 JSON; built on the publisher's thread, never on the socket's. */
    public byte[] body() {
        JsonObjectBuilder socket = JsonBuilders.object().add("id", socketId);
        if (userId == null) {
            socket.addNull("user");
        } else {
            socket.add("user", JsonBuilders.object().add("id", userId).add("name", userName == null ? userId : userName));
        }
        return JsonBuilders.object()
                .add("nsp", namespace)
                .add("event", event)
                .add("args", args)
                .add("socket", socket)
                .add("ts", timestampMillis)
                .build().toString().getBytes(StandardCharsets.UTF_8);
    }
}
