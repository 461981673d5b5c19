package dev.sio.engineio.protocol;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WebSocketFramesTest {

    /** The payload length a client reads from the header (RFC 6455 5.2), and the header's size. */
    private static long[] readLength(byte[] frame) {
        int code = frame[1] & 0x7F;
        if (code <= 125) return new long[] {code, 2};
        if (code == 126) return new long[] {((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF), 4};
        long length = 0;
        for (int i = 0; i < 8; i++) length = (length << 8) | (frame[2 + i] & 0xFF);
        return new long[] {length, 10};
    }

    private static void assertTextFrame(String wireText, byte[] frame) {
        byte[] payload = wireText.getBytes(StandardCharsets.UTF_8);
        assertEquals((byte) 0x81, frame[0], "FIN + text opcode, no RSV bits");
        assertEquals(0, frame[1] & 0x80, "a server never masks");
        long[] length = readLength(frame);
        assertEquals(payload.length, length[0]);
        assertEquals(length[1] + payload.length, frame.length);
        assertArrayEquals(payload, Arrays.copyOfRange(frame, (int) length[1], frame.length));
    }

    @Test
    void a_short_text_packet_has_the_two_byte_header() {
        byte[] frame = WebSocketFrames.of(EnginePacket.message("hello"));
        assertArrayEquals(new byte[] {(byte) 0x81, 6, '4', 'h', 'e', 'l', 'l', 'o'}, frame);
    }

    @Test
    void a_bare_packet_is_its_type_digit() {
        assertArrayEquals(new byte[] {(byte) 0x81, 1, '2'}, WebSocketFrames.of(EnginePacket.PING));
    }

    @Test
    void payloads_of_125_and_126_bytes_sit_on_each_side_of_the_first_boundary() {
        byte[] at125 = WebSocketFrames.of(EnginePacket.message("x".repeat(124)));
        assertEquals(125, at125[1]);
        assertTextFrame("4" + "x".repeat(124), at125);
        byte[] at126 = WebSocketFrames.of(EnginePacket.message("x".repeat(125)));
        assertEquals(126, at126[1] & 0xFF);
        assertEquals(0, at126[2]);
        assertEquals(126, at126[3] & 0xFF);
        assertTextFrame("4" + "x".repeat(125), at126);
    }

    @Test
    void payloads_of_65535_and_65536_bytes_sit_on_each_side_of_the_second_boundary() {
        byte[] at65535 = WebSocketFrames.of(EnginePacket.message("y".repeat(65534)));
        assertEquals(126, at65535[1] & 0xFF);
        assertEquals((byte) 0xFF, at65535[2]);
        assertEquals((byte) 0xFF, at65535[3]);
        assertTextFrame("4" + "y".repeat(65534), at65535);
        byte[] at65536 = WebSocketFrames.of(EnginePacket.message("y".repeat(65535)));
        assertEquals(127, at65536[1] & 0xFF);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 1, 0, 0}, Arrays.copyOfRange(at65536, 2, 10));
        assertTextFrame("4" + "y".repeat(65535), at65536);
    }

    @Test
    void a_large_payload_has_the_64_bit_length() {
        String data = "z".repeat(1_000_000);
        byte[] frame = WebSocketFrames.of(EnginePacket.message(data));
        assertEquals(127, frame[1] & 0xFF);
        assertTextFrame("4" + data, frame);
    }

    @Test
    void the_length_counts_utf8_bytes_not_chars() {
        // 42 chars of 3 UTF-8 bytes each and one 4-byte character (2 chars): 43 + 1 chars, 131 bytes
        String data = "\u20ac".repeat(42) + "\uD83D\uDE00";
        EnginePacket packet = EnginePacket.message(data);
        assertEquals(1 + 44, packet.wireText().length());
        byte[] frame = WebSocketFrames.of(packet);
        assertEquals(126, frame[1] & 0xFF, "131 bytes need the 16-bit length, though the text has 45 chars");
        assertTextFrame(packet.wireText(), frame);
        assertEquals(1 + 42 * 3 + 4, readLength(frame)[0]);
    }

    @Test
    void a_binary_packet_is_a_binary_frame_of_its_bytes() {
        byte[] data = {1, 2, 3, (byte) 0xFF};
        byte[] frame = WebSocketFrames.of(EnginePacket.binary(data));
        assertArrayEquals(new byte[] {(byte) 0x82, 4, 1, 2, 3, (byte) 0xFF}, frame);
    }

    @Test
    void header_lengths_follow_the_three_forms() {
        assertEquals(2, WebSocketFrames.headerLength(0));
        assertEquals(2, WebSocketFrames.headerLength(125));
        assertEquals(4, WebSocketFrames.headerLength(126));
        assertEquals(4, WebSocketFrames.headerLength(65535));
        assertEquals(10, WebSocketFrames.headerLength(65536));
    }

    @Test
    void a_packet_encodes_its_frame_once_and_shares_it() {
        EnginePacket packet = EnginePacket.message("shared by every recipient");
        byte[] first = packet.webSocketFrame();
        assertSame(first, packet.webSocketFrame());
        assertArrayEquals(WebSocketFrames.of(packet), first);
    }
}
