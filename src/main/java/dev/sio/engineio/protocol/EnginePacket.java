package dev.sio.engineio.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Engine.IO packet: a type plus either no data, text data, or (MESSAGE only) binary data.
 *
 * <p>Immutable, so one instance can be queued on many sessions at once. The exceptions to
 * "final fields only" are the cached {@link #wireText()} and {@link #webSocketFrame()}, see there.
 */
public final class EnginePacket {

    /** How many characters of data {@link #toString()} shows before cutting off. */
    private static final int TO_STRING_DATA_LIMIT = 64;

    public static final EnginePacket PING = of(EnginePacketType.PING);
    public static final EnginePacket PONG = of(EnginePacketType.PONG);
    public static final EnginePacket NOOP = of(EnginePacketType.NOOP);
    public static final EnginePacket CLOSE = of(EnginePacketType.CLOSE);
    public static final EnginePacket UPGRADE = of(EnginePacketType.UPGRADE);
    /** {@code 2probe}: the client's first packet on a WebSocket that is to replace polling. */
    public static final EnginePacket PING_PROBE = text(EnginePacketType.PING, "probe");
    /** {@code 3probe}: the server's answer to {@link #PING_PROBE}. */
    public static final EnginePacket PONG_PROBE = text(EnginePacketType.PONG, "probe");

    private final EnginePacketType type;
    private final String data;
    private final byte[] binary;

    /*
     * Not volatile on purpose: String is immutable and safely published through its final
     * fields, so a thread that races us sees either null (and computes an equal string itself)
     * or a complete string. After the first call every read is a plain field load.
     */
    private String wireText;

    // volatile, unlike wireText: an array's contents are not published safely by a plain field write
    private volatile byte[] webSocketFrame;

    private EnginePacket(EnginePacketType type, String data, byte[] binary) {
        this.type = type;
        this.data = data;
        this.binary = binary;
    }

    /** A packet without data, e.g. a bare {@code 2} ping. */
    public static EnginePacket of(EnginePacketType type) {
        return new EnginePacket(Objects.requireNonNull(type, "type"), null, null);
    }

    /** A text packet; {@code null} and {@code ""} both mean "no data" (they are the same on the wire). */
    public static EnginePacket text(EnginePacketType type, String data) {
        Objects.requireNonNull(type, "type");
        return new EnginePacket(type, data == null || data.isEmpty() ? null : data, null);
    }

    /** A text MESSAGE, e.g. an encoded Socket.IO packet. */
    public static EnginePacket message(String data) {
        return text(EnginePacketType.MESSAGE, data);
    }

    /** A binary MESSAGE. The array is kept, not copied: callers must not change it afterwards. */
    public static EnginePacket binary(byte[] data) {
        return new EnginePacket(EnginePacketType.MESSAGE, null, Objects.requireNonNull(data, "data"));
    }

    public EnginePacketType type() {
        return type;
    }

    /** The text data, or null when the packet has none or is binary. */
    public String data() {
        return data;
    }

    /** The binary data (not a copy), or null unless {@link #isBinary()}. */
    public byte[] binary() {
        return binary;
    }

    public boolean isBinary() {
        return binary != null;
    }

    /**
     * The packet as a WebSocket text frame: type digit followed by the data.
     *
     * <p>Broadcasts write one packet object to thousands of sessions, so the string is built on
     * the first call and reused afterwards.
     *
     * @throws IllegalStateException for a binary packet, which travels as a binary frame instead
     */
    public String wireText() {
        String text = wireText;
        if (text == null) {
            if (binary != null) {
                throw new IllegalStateException("a binary packet has no text form; send binary() as a binary frame");
            }
            text = data == null ? String.valueOf(type.code()) : type.code() + data;
            wireText = text;
        }
        return text;
    }

    /**
     * The packet as one complete server-to-client WebSocket frame (header and payload, unmasked):
     * the same bytes for every recipient, so a broadcast encodes its packet once.
     *
     * <p>Built on the first call and shared afterwards: callers must not change the array. Two
     * threads racing on the first call may each build one; both arrays are equal.
     */
    public byte[] webSocketFrame() {
        byte[] frame = webSocketFrame;
        if (frame == null) {
            frame = WebSocketFrames.of(this);
            webSocketFrame = frame;
        }
        return frame;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EnginePacket other)) {
            return false;
        }
        return type == other.type && Objects.equals(data, other.data) && Arrays.equals(binary, other.binary);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Objects.hashCode(data)) + Arrays.hashCode(binary);
    }

    /** Short on purpose: payloads can be megabytes and this ends up in logs. */
    @Override
    public String toString() {
        if (binary != null) {
            return "EnginePacket[" + type + ", binary " + binary.length + " bytes]";
        }
        if (data == null) {
            return "EnginePacket[" + type + "]";
        }
        if (data.length() <= TO_STRING_DATA_LIMIT) {
            return "EnginePacket[" + type + ", \"" + data + "\"]";
        }
        int cut = TO_STRING_DATA_LIMIT;
        if (Character.isHighSurrogate(data.charAt(cut - 1))) {
            cut--; // do not split a surrogate pair
        }
        return "EnginePacket[" + type + ", \"" + data.substring(0, cut) + "...\" (" + data.length() + " chars)]";
    }
}
