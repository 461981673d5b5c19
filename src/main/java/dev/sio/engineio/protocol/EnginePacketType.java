package dev.sio.engineio.protocol;

import dev.sio.log.LogSafe;

/** The seven Engine.IO v4 packet types; each is written on the wire as one digit, '0'..'6'. */
public enum EnginePacketType {
    OPEN, CLOSE, PING, PONG, MESSAGE, UPGRADE, NOOP;

    // values() clones its array on every call; decoding looks types up per frame
    private static final EnginePacketType[] BY_CODE = values();

    /** The digit that introduces this packet on the wire. */
    public char code() {
        return (char) ('0' + ordinal());
    }

    /**
     * The type written as {@code c}.
     *
     * @throws EngineProtocolException when {@code c} is not one of '0'..'6'
     */
    public static EnginePacketType fromCode(char c) throws EngineProtocolException {
        int index = c - '0';
        if (index < 0 || index >= BY_CODE.length) {
            throw new EngineProtocolException("unknown packet type " + LogSafe.quote(c));
        }
        return BY_CODE[index];
    }
}
