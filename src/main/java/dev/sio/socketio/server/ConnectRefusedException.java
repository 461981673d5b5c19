package dev.sio.socketio.server;

import jakarta.json.JsonValue;

/**
 * Thrown by a connect middleware to refuse a socket: the client receives CONNECT_ERROR with this
 * message (and data, when given). The message is shown to clients, so it must not carry internals.
 */
public class ConnectRefusedException extends Exception {

    private final transient JsonValue data;

    public ConnectRefusedException(String message) {
        this(message, null);
    }

    public ConnectRefusedException(String message, JsonValue data) {
        super(message, null, false, false);
        this.data = data;
    }

    public JsonValue data() {
        return data;
    }
}
