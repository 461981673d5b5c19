package dev.sio.socketio.server;

/** An acknowledgement did not arrive in time, or the socket left before it did. */
public class AckTimeoutException extends RuntimeException {
    public AckTimeoutException(String message) {
        super(message, null, false, false);
    }
}
