package dev.sio.socketio.protocol;

/** The seven Socket.IO v5 packet types; each is written on the wire as one digit, 0..6. */
public enum PacketType {
    CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK;

    // values() clones its array on every call; decoding looks types up per packet
    private static final PacketType[] BY_CODE = values();

    /** The number written on the wire for this type. */
    public int code() {
        return ordinal();
    }

    /**
     * The type numbered {@code code}.
     *
     * @throws SocketIoProtocolException when {@code code} is not 0..6
     */
    public static PacketType fromCode(int code) throws SocketIoProtocolException {
        if (code < 0 || code >= BY_CODE.length) {
            throw new SocketIoProtocolException("unknown packet type " + code);
        }
        return BY_CODE[code];
    }

    /** True for the two types whose text is followed by binary attachments. */
    public boolean isBinary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }
}
