package dev.sio.engineio.protocol;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Engine.IO 3 framing, checked against byte sequences worked out from engine.io-parser 2.x's rules. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EngineCodecV3Test {

    private static final byte[] BYTES = {1, 2, 3};

    // ---- text payloads ----

    @Test
    void a_text_payload_prefixes_each_packet_with_its_length() {
        String body = EngineCodecV3.encodeTextPayload(List.of(EnginePacket.message("hello"), EnginePacket.PONG, EnginePacket.NOOP));
        assertEquals("6:4hello1:31:6", body);
    }

    @Test
    void lengths_count_utf16_code_units_as_javascript_does() throws EngineProtocolException {
        // "é" is one code unit, the emoji two (a surrogate pair); the type digit counts too
        String body = EngineCodecV3.encodeTextPayload(List.of(EnginePacket.message("é😀")));
        assertEquals("4:4é😀", body);
        assertEquals(List.of(EnginePacket.message("é😀"), EnginePacket.PING),
                EngineCodecV3.decodeTextPayload("4:4é😀1:2"));
    }

    @Test
    void binary_packets_in_a_text_payload_are_b4_and_base64() throws EngineProtocolException {
        String body = EngineCodecV3.encodeTextPayload(List.of(EnginePacket.binary(BYTES)));
        assertEquals("6:b4AQID", body);
        List<EnginePacket> decoded = EngineCodecV3.decodeTextPayload(body);
        assertEquals(1, decoded.size());
        assertArrayEquals(BYTES, decoded.get(0).binary());
    }

    @Test
    void an_empty_list_is_the_0_colon_payload() {
        assertEquals("0:", EngineCodecV3.encodeTextPayload(List.of()));
    }

    @Test
    void a_text_payload_round_trips() throws EngineProtocolException {
        List<EnginePacket> packets = List.of(EnginePacket.message("42[\"chat\",\"a:b\"]"), EnginePacket.PING,
                EnginePacket.text(EnginePacketType.PING, "probe"), EnginePacket.UPGRADE);
        assertEquals(packets, EngineCodecV3.decodeTextPayload(EngineCodecV3.encodeTextPayload(packets)));
    }

    @Test
    void malformed_text_payloads_are_refused_with_a_clear_error() {
        assertMalformed("", "empty payload");
        assertMalformed("4hello", "payload ends without a packet after a length");
        assertMalformed(":4hello", "missing packet length");
        assertMalformed("x:4", "packet length is not a number");
        assertMalformed("9:4hi", "packet length 9 runs past the end of the payload");
        assertMalformed("2:4a3", "payload ends without a packet after a length");
        assertMalformed("99999999999:4", "packet length too long");
        assertMalformed("1:9", "unknown packet type");
        assertMalformed("3:b4!", "invalid base64 in binary packet");
        assertMalformed("0:", "payload without packets");
    }

    private static void assertMalformed(String body, String expectedStart) {
        EngineProtocolException e = assertThrows(EngineProtocolException.class, () -> EngineCodecV3.decodeTextPayload(body));
        assertTrue(e.getMessage().startsWith(expectedStart), "got: " + e.getMessage());
    }

    // ---- XHR2 binary payloads ----

    @Test
    void a_binary_payload_marks_lengths_with_digit_bytes_and_255() {
        byte[] body = EngineCodecV3.encodeBinaryPayload(List.of(EnginePacket.message("hi"), EnginePacket.binary(BYTES)));
        byte[] expected = {
                0, 3, (byte) 255, '4', 'h', 'i',     // text: "4hi", 3 bytes
                1, 4, (byte) 255, 4, 1, 2, 3};       // binary: type byte 4, then the data
        assertArrayEquals(expected, body);
    }

    @Test
    void text_lengths_in_a_binary_payload_count_utf8_bytes() throws EngineProtocolException {
        byte[] body = EngineCodecV3.encodeBinaryPayload(List.of(EnginePacket.message("😀"), EnginePacket.binary(new byte[10])));
        // "4😀" is 1 + 4 UTF-8 bytes; the binary packet 1 + 10 bytes, so two length digits
        assertEquals(0, body[0]);
        assertEquals(5, body[1]);
        assertEquals((byte) 255, body[2]);
        int binaryStart = 3 + 5;
        assertEquals(1, body[binaryStart]);
        assertEquals(1, body[binaryStart + 1]);
        assertEquals(1, body[binaryStart + 2]);
        assertEquals((byte) 255, body[binaryStart + 3]);
        List<EnginePacket> decoded = EngineCodecV3.decodeBinaryPayload(body);
        assertEquals(EnginePacket.message("😀"), decoded.get(0));
        assertArrayEquals(new byte[10], decoded.get(1).binary());
    }

    @Test
    void a_binary_payload_round_trips() throws EngineProtocolException {
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        for (int i = 0; i < 1234; i++) big.write(i);
        List<EnginePacket> packets = List.of(EnginePacket.message("451-[\"up\",{\"_placeholder\":true,\"num\":0}]"),
                EnginePacket.binary(big.toByteArray()), EnginePacket.PING);
        List<EnginePacket> decoded = EngineCodecV3.decodeBinaryPayload(EngineCodecV3.encodeBinaryPayload(packets));
        assertEquals(packets, decoded);
    }

    @Test
    void malformed_binary_payloads_are_refused_with_a_clear_error() {
        assertBinaryMalformed(new byte[0], "empty payload");
        assertBinaryMalformed(new byte[]{2, 1, (byte) 255, '4'}, "binary payload: unknown packet mark 2");
        assertBinaryMalformed(new byte[]{0, 1, 2}, "binary payload: length without its end mark");
        assertBinaryMalformed(new byte[]{0, (byte) 255, '4'}, "binary payload: missing packet length");
        assertBinaryMalformed(new byte[]{0, 12, (byte) 255, '4'}, "binary payload: length digit out of range");
        assertBinaryMalformed(new byte[]{0, 5, (byte) 255, '4'}, "binary payload: packet length 5 runs past the end");
        assertBinaryMalformed(new byte[]{1, 2, (byte) 255, 2, 0}, "binary packet of type 2");
        assertBinaryMalformed(new byte[]{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, (byte) 255}, "binary payload: packet length too long");
    }

    private static void assertBinaryMalformed(byte[] body, String expectedStart) {
        EngineProtocolException e = assertThrows(EngineProtocolException.class, () -> EngineCodecV3.decodeBinaryPayload(body));
        assertTrue(e.getMessage().startsWith(expectedStart), "got: " + e.getMessage());
    }

    // ---- single packets and WebSocket frames ----

    @Test
    void binary_websocket_frames_carry_the_type_byte() {
        assertArrayEquals(new byte[]{4, 1, 2, 3}, EngineCodecV3.binaryFrame(EnginePacket.binary(BYTES)));
        assertArrayEquals(BYTES, assertDoesNotThrowDecode(new byte[]{4, 1, 2, 3}).binary());
        assertThrows(EngineProtocolException.class, () -> EngineCodecV3.decodeBinaryFrame(new byte[0]));
        assertThrows(EngineProtocolException.class, () -> EngineCodecV3.decodeBinaryFrame(new byte[]{3, 1}));
    }

    private static EnginePacket assertDoesNotThrowDecode(byte[] frame) {
        try {
            return EngineCodecV3.decodeBinaryFrame(frame);
        } catch (EngineProtocolException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void text_packets_decode_like_v4_except_base64_which_names_its_type() throws EngineProtocolException {
        assertEquals(EnginePacket.text(EnginePacketType.PING, "probe"), EngineCodecV3.decodeText("2probe"));
        assertEquals(EnginePacket.UPGRADE, EngineCodecV3.decodeText("5"));
        assertArrayEquals(BYTES, EngineCodecV3.decodeText("b4AQID").binary());
        assertEquals("b4AQID", EngineCodecV3.encodeText(EnginePacket.binary(BYTES)));
        assertThrows(EngineProtocolException.class, () -> EngineCodecV3.decodeText("b"));
        assertThrows(EngineProtocolException.class, () -> EngineCodecV3.decodeText("b2AQID"));
    }

    @Test
    void has_binary_tells_whether_a_binary_payload_is_needed() {
        assertFalse(EngineCodecV3.hasBinary(List.of(EnginePacket.message("x"))));
        assertTrue(EngineCodecV3.hasBinary(List.of(EnginePacket.message("x"), EnginePacket.binary(BYTES))));
        assertEquals("4x".getBytes(StandardCharsets.UTF_8).length, 2);
    }
}
