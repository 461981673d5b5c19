package dev.sio.app.chat;

import dev.sio.socketio.server.Socket;
import jakarta.json.JsonValue;

/**
 * Who a chat socket speaks for. Until the handshake carries a verified token, a user is known by
 * the socket id.
 */
record ChatUser(String id) {

    static ChatUser of(Socket socket) {
        return new ChatUser(socket.id());
    }

    JsonValue toJson() {
        return jakarta.json.Json.createValue(id);
    }

    @Override
    public String toString() {
        return id;
    }
}
