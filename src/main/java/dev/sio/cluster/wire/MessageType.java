package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireFormatException;

/** socket.io-adapter's {@code MessageType} (cluster-adapter.ts), used by the sharded adapter; numbers on the wire. */
public enum MessageType {
    INITIAL_HEARTBEAT(1), HEARTBEAT(2), BROADCAST(3), SOCKETS_JOIN(4), SOCKETS_LEAVE(5), DISCONNECT_SOCKETS(6),
    FETCH_SOCKETS(7), FETCH_SOCKETS_RESPONSE(8), SERVER_SIDE_EMIT(9), SERVER_SIDE_EMIT_RESPONSE(10),
    BROADCAST_CLIENT_COUNT(11), BROADCAST_ACK(12), ADAPTER_CLOSE(13);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Whether Node sends it as a response (to {@code <prefix>#<nsp>#<requester uid>#}). */
    public boolean isResponse() {
        return this == FETCH_SOCKETS_RESPONSE || this == SERVER_SIDE_EMIT_RESPONSE
                || this == BROADCAST_CLIENT_COUNT || this == BROADCAST_ACK;
    }

    /** Node's {@code mayContainBinary}: only these are ever sent as MessagePack (when they hold a Buffer). */
    boolean mayContainBinary() {
        return this == BROADCAST || this == BROADCAST_ACK || this == FETCH_SOCKETS_RESPONSE
                || this == SERVER_SIDE_EMIT || this == SERVER_SIDE_EMIT_RESPONSE;
    }

    static MessageType of(long code) throws WireFormatException {
        for (MessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new WireFormatException("unknown message type " + code);
    }
}
