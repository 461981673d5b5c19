package dev.sio.socketio.protocol.msgpack;

/** A message (on a cluster channel, or from a msgpack client) not in the expected format, or beyond {@link WireLimits}. */
public final class WireFormatException extends Exception {

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
