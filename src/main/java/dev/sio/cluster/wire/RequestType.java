package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireFormatException;

/** The classic adapter's request types (redis-adapter 8.3 {@code RequestType}; numbers on the wire). */
public enum RequestType {
    SOCKETS, ALL_ROOMS, REMOTE_JOIN, REMOTE_LEAVE, REMOTE_DISCONNECT, REMOTE_FETCH, SERVER_SIDE_EMIT,
    BROADCAST, BROADCAST_CLIENT_COUNT, BROADCAST_ACK;

    public int code() {
        return ordinal();
    }

    static RequestType of(long code) throws WireFormatException {
        if (code < 0 || code >= values().length) {
            throw new WireFormatException("unknown request type " + code);
        }
        return values()[(int) code];
    }
}
