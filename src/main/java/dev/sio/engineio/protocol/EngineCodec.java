package dev.sio.engineio.protocol;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns Engine.IO v4 packets into wire text and back, for both transports:
 * <ul>
 *   <li>WebSocket: one packet per frame; text frames are {@code <type digit>[data]}, binary
 *       frames are a MESSAGE's raw bytes.</li>
 *   <li>HTTP long-polling: a body of packets separated by U+001E (record separator); a binary
 *       MESSAGE appears as {@code b} followed by its standard base64.</li>
 * </ul>
 * Stateless; all methods are static and thread-safe.
 */
public final class EngineCodec {

    /** The record separator between packets of a polling body. */
    public static final char SEPARATOR = '\u001e';

    /** Introduces a base64-encoded binary MESSAGE where only text can travel. */
    public static final char BASE64_PREFIX = 'b';

    private EngineCodec() {
    }

    /**
     * Decodes one WebSocket text frame.
     *
     * <p>A frame starting with {@code b} is a base64 binary MESSAGE: clients created with
     * {@code forceBase64} send binary that way even over WebSocket.
     *
     * @throws EngineProtocolException when the frame is empty, of an unknown type, or bad base64
     */
    public static EnginePacket decodeText(String frame) throws EngineProtocolException {
        if (frame == null || frame.isEmpty()) {
            throw new EngineProtocolException("empty packet");
        }
        return decodeRecord(frame, 0, frame.length());
    }

    /** Decodes one WebSocket binary frame: always a binary MESSAGE holding the frame's bytes. */
    public static EnginePacket decodeBinary(byte[] frame) {
        return EnginePacket.binary(frame);
    }

    /**
     * The text form of any packet: {@link EnginePacket#wireText()} for text packets,
     * {@code b<base64>} for binary ones (for transports or clients that cannot carry binary).
     */
    public static String encodeText(EnginePacket packet) {
        if (!packet.isBinary()) {
            return packet.wireText();
        }
        return BASE64_PREFIX + Base64.getEncoder().encodeToString(packet.binary());
    }

    /**
     * The body of a polling GET response: every packet in its text form, separated by U+001E.
     * An empty list gives an empty string; callers should not flush nothing.
     */
    public static String encodePayload(List<EnginePacket> packets) {
        int size = packets.size();
        if (size == 1) {
            return encodeText(packets.get(0)); // the usual case, and no copy for text packets
        }
        StringBuilder body = new StringBuilder(estimateLength(packets));
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.append(SEPARATOR);
            }
            appendText(body, packets.get(i));
        }
        return body.toString();
    }

    /**
     * Decodes the body of a polling POST request.
     *
     * @throws EngineProtocolException when the body is empty, holds an empty record (e.g. two
     *         separators in a row, or a trailing one), or any record is invalid
     */
    public static List<EnginePacket> decodePayload(String body) throws EngineProtocolException {
        if (body == null || body.isEmpty()) {
            throw new EngineProtocolException("empty payload");
        }
        List<EnginePacket> packets = new ArrayList<>(4);
        int start = 0;
        int length = body.length();
        while (true) {
            int end = body.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            if (end == start) {
                throw new EngineProtocolException("empty packet in payload at record " + packets.size());
            }
            packets.add(decodeRecord(body, start, end));
            if (end == length) {
                return packets;
            }
            start = end + 1;
        }
    }

    /** Decodes {@code text[start, end)}, which is known to be non-empty. */
    private static EnginePacket decodeRecord(String text, int start, int end) throws EngineProtocolException {
        char first = text.charAt(start);
        if (first == BASE64_PREFIX) {
            return EnginePacket.binary(decodeBase64(text.substring(start + 1, end)));
        }
        EnginePacketType type = EnginePacketType.fromCode(first);
        if (end - start == 1) {
            return EnginePacket.of(type);
        }
        return EnginePacket.text(type, text.substring(start + 1, end));
    }

    private static byte[] decodeBase64(String base64) throws EngineProtocolException {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            // the JDK message can quote input characters; ours quotes none
            throw new EngineProtocolException("invalid base64 in binary packet");
        }
    }

    private static void appendText(StringBuilder body, EnginePacket packet) {
        if (packet.isBinary()) {
            body.append(BASE64_PREFIX).append(Base64.getEncoder().encodeToString(packet.binary()));
        } else {
            body.append(packet.wireText());
        }
    }

    /** The exact body length, so the builder never grows (text packets cache their wire text anyway). */
    private static int estimateLength(List<EnginePacket> packets) {
        long total = packets.size();
        for (EnginePacket packet : packets) {
            total += packet.isBinary() ? 1 + 4L * ((packet.binary().length + 2) / 3) : packet.wireText().length();
        }
        return (int) Math.min(total, Integer.MAX_VALUE - 8);
    }
}
