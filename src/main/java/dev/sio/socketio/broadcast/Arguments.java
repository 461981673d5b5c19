package dev.sio.socketio.broadcast;

import jakarta.json.JsonArray;

import java.util.List;

/**
 * Arguments as they travel between sockets and nodes: JSON values in which binary parts stand as
 * placeholders, and the bytes apart (the form of a Socket.IO packet's data). Used for the answers
 * of a broadcast with acknowledgement (the client's ACK arguments) and for server-side emits (the
 * event name first, then its arguments).
 */
public record Arguments(JsonArray values, List<byte[]> attachments) {

    public Arguments {
        if (values == null) throw new NullPointerException("values");
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
