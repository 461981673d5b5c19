package dev.sio.engineio.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The wire forms of Engine.IO protocol revision 3 (socket.io-client 2.x, engine.io-parser 2.x), where
 * they differ from revision 4 ({@link EngineCodec}):
 * <ul>
 *   <li>a text polling payload is {@code <length>:<packet>} repeated, the length counted in UTF-16
 *       code units (JavaScript's string length); a binary packet in it is {@code b4<base64>} (the
 *       {@code b}, then the type digit);</li>
 *   <li>the XHR2 binary payload (clients that did not send {@code b64=1}): per packet one byte 0
 *       (text) or 1 (binary), the length as one byte per decimal digit, a byte 255, then the packet:
 *       text as UTF-8 (the length counts its bytes, type digit included), binary as its type byte
 *       (4) then the data (the length counts the type byte);</li>
 *   <li>a binary WebSocket frame starts with the packet type byte (4 for a message).</li>
 * </ul>
 * Stateless; thread-safe. Errors are {@link EngineProtocolException}s with messages that quote no input.
 */
public final class EngineCodecV3 {

    /** The body of an empty text payload (a poll answered with nothing, which the server never sends). */
    static final String EMPTY_PAYLOAD = "0:";
    private static final byte TEXT_MARK = 0;
    private static final byte BINARY_MARK = 1;
    private static final int LENGTH_END = 0xFF;
    /** More digits than any body we accept can need: a longer length is refused, not parsed. */
    private static final int MAX_LENGTH_DIGITS = 10;

    private EngineCodecV3() {
    }

    // ---- single packets ----

    /** The text form of a packet: its wire text, or {@code b4<base64>} for a binary message. */
    public static String encodeText(EnginePacket packet) {
        if (!packet.isBinary()) return packet.wireText();
        return "b" + packet.type().code() + Base64.getEncoder().encodeToString(packet.binary());
    }

    /** A binary message as a v3 WebSocket binary frame's payload: the type byte, then the data. */
    public static byte[] binaryFrame(EnginePacket packet) {
        byte[] data = packet.binary();
        byte[] out = new byte[data.length + 1];
        out[0] = (byte) (packet.type().code() - '0');
        System.arraycopy(data, 0, out, 1, data.length);
        return out;
    }

    /** A packet in a binary v3 WebSocket frame (type byte, then data); only messages carry binary. */
    public static EnginePacket decodeBinaryFrame(byte[] frame) throws EngineProtocolException {
        if (frame.length == 0) throw new EngineProtocolException("empty binary packet");
        if (frame[0] != EnginePacketType.MESSAGE.code() - '0') {
            throw new EngineProtocolException("binary packet of type " + (frame[0] & 0xFF) + " (only 4, message, carries binary)");
        }
        byte[] data = new byte[frame.length - 1];
        System.arraycopy(frame, 1, data, 0, data.length);
        return EnginePacket.binary(data);
    }

    /** One text packet: {@code <type digit>[data]}, or {@code b<type digit><base64>} for binary. */
    public static EnginePacket decodeText(String text) throws EngineProtocolException {
        if (text == null || text.isEmpty()) throw new EngineProtocolException("empty packet");
        if (text.charAt(0) == 'b') {
            if (text.length() < 2) throw new EngineProtocolException("base64 packet without a type");
            EnginePacketType type = EnginePacketType.fromCode(text.charAt(1));
            if (type != EnginePacketType.MESSAGE) throw new EngineProtocolException("base64 packet of type " + type + " (only messages carry binary)");
            try {
                return EnginePacket.binary(Base64.getDecoder().decode(text.substring(2)));
            } catch (IllegalArgumentException e) {
                throw new EngineProtocolException("invalid base64 in binary packet");
            }
        }
        EnginePacketType type = EnginePacketType.fromCode(text.charAt(0));
        return text.length() == 1 ? EnginePacket.of(type) : EnginePacket.text(type, text.substring(1));
    }

    // ---- payloads (polling bodies) ----

    /** Whether any packet is binary: only then does a client that supports binary get a binary payload. */
    public static boolean hasBinary(List<EnginePacket> packets) {
        for (EnginePacket packet : packets) {
            if (packet.isBinary()) return true;
        }
        return false;
    }

    /** A text payload: {@code <length>:<packet>} for each packet, binary ones as {@code b4<base64>}. */
    public static String encodeTextPayload(List<EnginePacket> packets) {
        if (packets.isEmpty()) return EMPTY_PAYLOAD;
        StringBuilder body = new StringBuilder();
        for (EnginePacket packet : packets) {
            String text = encodeText(packet);
            body.append(text.length()).append(':').append(text);
        }
        return body.toString();
    }

    /** The XHR2 binary payload (see the class comment). */
    public static byte[] encodeBinaryPayload(List<EnginePacket> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (EnginePacket packet : packets) {
            byte[] bytes;
            if (packet.isBinary()) {
                out.write(BINARY_MARK);
                bytes = binaryFrame(packet);
            } else {
                out.write(TEXT_MARK);
                bytes = packet.wireText().getBytes(StandardCharsets.UTF_8);
            }
            String length = Integer.toString(bytes.length);
            for (int i = 0; i < length.length(); i++) out.write(length.charAt(i) - '0');
            out.write(LENGTH_END);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /**
     * A text payload from a POST body.
     *
     * @throws EngineProtocolException when a length is missing, not a number, longer than what
     *         follows, or a packet in it is invalid (the whole payload is refused, as the reference parser does)
     */
    public static List<EnginePacket> decodeTextPayload(String body) throws EngineProtocolException {
        if (body == null || body.isEmpty()) throw new EngineProtocolException("empty payload");
        List<EnginePacket> packets = new ArrayList<>(4);
        int i = 0;
        int length = body.length();
        while (i < length) {
            int colon = body.indexOf(':', i);
            if (colon < 0) throw new EngineProtocolException("payload ends without a packet after a length");
            int n = parseLength(body, i, colon);
            int start = colon + 1;
            if (n > length - start) throw new EngineProtocolException("packet length " + n + " runs past the end of the payload");
            if (n > 0) packets.add(decodeText(body.substring(start, start + n)));
            i = start + n;
        }
        if (packets.isEmpty()) throw new EngineProtocolException("payload without packets");
        return packets;
    }

    private static int parseLength(String body, int from, int to) throws EngineProtocolException {
        if (from == to) throw new EngineProtocolException("missing packet length");
        if (to - from > MAX_LENGTH_DIGITS) throw new EngineProtocolException("packet length too long");
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = body.charAt(i);
            if (c < '0' || c > '9') throw new EngineProtocolException("packet length is not a number");
            n = n * 10 + (c - '0');
        }
        if (n > Integer.MAX_VALUE) throw new EngineProtocolException("packet length too long");
        return (int) n;
    }

    /**
     * An XHR2 binary payload from a POST body ({@code Content-Type: application/octet-stream}).
     *
     * @throws EngineProtocolException when a mark, a length or a packet is invalid or cut short
     */
    public static List<EnginePacket> decodeBinaryPayload(byte[] body) throws EngineProtocolException {
        if (body == null || body.length == 0) throw new EngineProtocolException("empty payload");
        List<EnginePacket> packets = new ArrayList<>(4);
        int i = 0;
        while (i < body.length) {
            byte mark = body[i++];
            if (mark != TEXT_MARK && mark != BINARY_MARK) throw new EngineProtocolException("binary payload: unknown packet mark " + (mark & 0xFF));
            long n = 0;
            int digits = 0;
            while (true) {
                if (i >= body.length) throw new EngineProtocolException("binary payload: length without its end mark");
                int b = body[i++] & 0xFF;
                if (b == LENGTH_END) break;
                if (b > 9) throw new EngineProtocolException("binary payload: length digit out of range");
                if (++digits > MAX_LENGTH_DIGITS) throw new EngineProtocolException("binary payload: packet length too long");
                n = n * 10 + b;
            }
            if (digits == 0) throw new EngineProtocolException("binary payload: missing packet length");
            if (n > body.length - i) throw new EngineProtocolException("binary payload: packet length " + n + " runs past the end");
            int size = (int) n;
            if (mark == TEXT_MARK) {
                packets.add(decodeText(new String(body, i, size, StandardCharsets.UTF_8)));
            } else {
                byte[] frame = new byte[size];
                System.arraycopy(body, i, frame, 0, size);
                packets.add(decodeBinaryFrame(frame));
            }
            i += size;
        }
        return packets;
    }
}
