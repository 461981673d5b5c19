package dev.sio.socketio.server;

/**
 * Answers one event that asked for an acknowledgement. Only the first call sends; later calls are
 * ignored, as in the reference server. Arguments are mapped as in {@link Socket#emit}.
 */
@FunctionalInterface
public interface Ack {
    void send(Object... args);
}
