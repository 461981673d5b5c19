package dev.sio.cdi;

import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;

/**
 * Told of each client event a gateway's {@code @OnEvent} handler accepted: its guards let it through,
 * its payload bound, and the handler returned without an exception and without a refusal
 * ({@code {"ok": false, ...}}; for a {@code CompletionStage}, once it completed so). Called on the
 * socket's thread: must not block.
 */
@FunctionalInterface
interface AcceptedEvents {

    AcceptedEvents NONE = (socket, event, payload) -> { };

    void accepted(Socket socket, String event, Payload payload);
}
