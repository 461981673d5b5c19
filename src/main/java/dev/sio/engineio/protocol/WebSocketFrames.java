package dev.sio.engineio.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Complete server-to-client WebSocket frames (RFC 6455 section 5.2) for Engine.IO packets: one
 * final frame, no extension bits, no mask. A server never masks, so the bytes of a packet's frame
 * are the same for every recipient and a broadcast can build them once.
 */
public final class WebSocketFrames {

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    private static final int FIN = 0x80;

    private WebSocketFrames() {
    }

    /** The frame of a packet: a text frame of its wire text (UTF-8), or a binary frame of its bytes. */
    public static byte[] of(EnginePacket packet) {
        if (packet.isBinary()) return frame(BINARY, packet.binary());
        return frame(TEXT, packet.wireText().getBytes(StandardCharsets.UTF_8));
    }

    /** Header length for a payload: 2 bytes up to 125, 4 up to 65535, 10 beyond. */
    static int headerLength(int payloadLength) {
        if (payloadLength <= 125) return 2;
        return payloadLength <= 0xFFFF ? 4 : 10;
    }

    static byte[] frame(int opcode, byte[] payload) {
        int length = payload.length;
        int header = headerLength(length);
        byte[] out = new byte[header + length];
        out[0] = (byte) (FIN | opcode);
        if (header == 2) {
            out[1] = (byte) length;
        } else if (header == 4) {
            out[1] = 126;
            out[2] = (byte) (length >>> 8);
            out[3] = (byte) length;
        } else {
            out[1] = 127;
            // 64-bit length, most significant byte first; an int never sets the upper four bytes
            for (int i = 0; i < 8; i++) out[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
        }
        System.arraycopy(payload, 0, out, header, length);
        return out;
    }
}
