package dev.sio.engineio.protocol;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EngineCodecTest {

    private static final byte[] ONE_TO_FOUR = {1, 2, 3, 4};

    // --- WebSocket text frames -------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1", "2", "3", "5", "6", "2probe", "3probe", "4hello", "42[\"hello\"]",
            "40/admin,", "0{\"sid\":\"abc\"}"})
    void a_text_frame_decodes_to_a_packet_whose_wire_text_is_the_frame(String frame) throws EngineProtocolException {
        EnginePacket packet = EngineCodec.decodeText(frame);
        assertEquals(frame, packet.wireText());
        assertEquals(EnginePacketType.fromCode(frame.charAt(0)), packet.type());
    }

    @Test
    void the_probe_frames_decode_to_the_probe_constants() throws EngineProtocolException {
        assertEquals(EnginePacket.PING_PROBE, EngineCodec.decodeText("2probe"));
        assertEquals(EnginePacket.PONG_PROBE, EngineCodec.decodeText("3probe"));
        assertEquals(EnginePacket.UPGRADE, EngineCodec.decodeText("5"));
    }

    @Test
    void a_frame_with_only_a_type_has_no_data() throws EngineProtocolException {
        EnginePacket packet = EngineCodec.decodeText("4");
        assertEquals(EnginePacketType.MESSAGE, packet.type());
        assertEquals(null, packet.data());
    }

    @Test
    void a_text_frame_keeps_non_ascii_text_as_is() throws EngineProtocolException {
        assertEquals("€ and 😀", EngineCodec.decodeText("4€ and 😀").data());
    }

    @Test
    void an_empty_text_frame_is_rejected() {
        EngineProtocolException e = assertThrows(EngineProtocolException.class, () -> EngineCodec.decodeText(""));
        assertEquals("empty packet", e.getMessage());
        EngineProtocolException e2 = assertThrows(EngineProtocolException.class, () -> EngineCodec.decodeText(null));
        assertEquals("empty packet", e2.getMessage());
    }

    @Test
    void a_text_frame_of_unknown_type_is_rejected_without_echoing_the_frame() {
        String frame = "9" + "x".repeat(100_000);
        EngineProtocolException e = assertThrows(EngineProtocolException.class, () -> EngineCodec.decodeText(frame));
        assertEquals("unknown packet type '9'", e.getMessage());
    }

    @Test
    void a_base64_text_frame_from_a_force_base64_client_is_a_binary_message() throws EngineProtocolException {
        EnginePacket packet = EngineCodec.decodeText("bAQIDBA==");
        assertTrue(packet.isBinary());
        assertArrayEquals(ONE_TO_FOUR, packet.binary());
    }

    @Test
    void a_binary_frame_is_a_binary_message_holding_the_same_array() {
        byte[] frame = {1, 2, 3};
        EnginePacket packet = EngineCodec.decodeBinary(frame);
        assertEquals(EnginePacketType.MESSAGE, packet.type());
        assertSame(frame, packet.binary());
    }

    @Test
    void encode_text_writes_binary_as_b_and_base64_and_text_as_its_wire_text() {
        assertEquals("bAQIDBA==", EngineCodec.encodeText(EnginePacket.binary(ONE_TO_FOUR)));
        assertEquals("4hi", EngineCodec.encodeText(EnginePacket.message("hi")));
    }

    // --- HTTP long-polling payloads --------------------------------------------------------

    @Test
    void the_spec_payload_example_encodes_with_record_separators() {
        String body = EngineCodec.encodePayload(List.of(EnginePacket.message("hello"), EnginePacket.PING,
                EnginePacket.message("world")));
        assertEquals("4hello\u001e2\u001e4world", body);
    }

    @Test
    void the_spec_payload_example_with_binary_encodes_it_as_b_and_base64() {
        String body = EngineCodec.encodePayload(List.of(EnginePacket.message("hello"), EnginePacket.binary(ONE_TO_FOUR)));
        assertEquals("4hello\u001ebAQIDBA==", body);
    }

    @Test
    void a_payload_of_one_packet_is_that_packets_text_without_separator() {
        assertEquals("2", EngineCodec.encodePayload(List.of(EnginePacket.PING)));
        assertEquals("6", EngineCodec.encodePayload(List.of(EnginePacket.NOOP)));
        assertEquals("bAQIDBA==", EngineCodec.encodePayload(List.of(EnginePacket.binary(ONE_TO_FOUR))));
    }

    @Test
    void an_empty_packet_list_encodes_to_an_empty_body() {
        assertEquals("", EngineCodec.encodePayload(List.of()));
    }

    @Test
    void binary_of_every_padding_length_is_base64_encoded_with_padding() {
        String body = EngineCodec.encodePayload(List.of(EnginePacket.binary(new byte[0]), EnginePacket.binary(new byte[] {1}),
                EnginePacket.binary(new byte[] {1, 2}), EnginePacket.binary(new byte[] {1, 2, 3}),
                EnginePacket.binary(new byte[] {(byte) 0xfb, (byte) 0xff})));
        // standard alphabet: 0xfb 0xff is "+/8=", not the URL-safe "-_8="
        assertEquals("b\u001ebAQ==\u001ebAQI=\u001ebAQID\u001eb+/8=", body);
    }

    @Test
    void a_payload_keeps_non_ascii_text_and_separates_packets_by_characters_not_byte_counts() {
        String body = EngineCodec.encodePayload(List.of(EnginePacket.message("€"), EnginePacket.message("€")));
        assertEquals("4€\u001e4€", body);
        // what goes over HTTP: the euro sign is 3 bytes in UTF-8, the separator 1
        assertArrayEquals(new byte[] {'4', (byte) 0xe2, (byte) 0x82, (byte) 0xac, 0x1e, '4', (byte) 0xe2, (byte) 0x82, (byte) 0xac},
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_spec_payload_example_decodes_into_its_three_packets() throws EngineProtocolException {
        assertEquals(List.of(EnginePacket.message("hello"), EnginePacket.PING, EnginePacket.message("world")),
                EngineCodec.decodePayload("4hello\u001e2\u001e4world"));
    }

    @Test
    void the_sample_session_post_body_decodes_into_two_socket_io_events() throws EngineProtocolException {
        assertEquals(List.of(EnginePacket.message("2[\"hello\"]"), EnginePacket.message("2[\"world\"]")),
                EngineCodec.decodePayload("42[\"hello\"]\u001e42[\"world\"]"));
    }

    @Test
    void a_b_record_in_a_payload_decodes_from_base64_into_a_binary_message() throws EngineProtocolException {
        List<EnginePacket> packets = EngineCodec.decodePayload("4hello\u001ebAQIDBA==");
        assertEquals(2, packets.size());
        assertEquals(EnginePacket.message("hello"), packets.get(0));
        assertTrue(packets.get(1).isBinary());
        assertArrayEquals(ONE_TO_FOUR, packets.get(1).binary());
    }

    @Test
    void base64_without_padding_is_accepted() throws EngineProtocolException {
        assertArrayEquals(new byte[] {1}, EngineCodec.decodePayload("bAQ").get(0).binary());
    }

    @Test
    void a_payload_with_utf8_text_decodes_the_euro_sign() throws EngineProtocolException {
        String body = new String(new byte[] {'4', (byte) 0xe2, (byte) 0x82, (byte) 0xac}, StandardCharsets.UTF_8);
        assertEquals(List.of(EnginePacket.message("€")), EngineCodec.decodePayload(body));
    }

    @Test
    void encoding_then_decoding_a_payload_gives_back_the_same_packets() throws EngineProtocolException {
        List<EnginePacket> packets = List.of(EnginePacket.message("4 with digits 123"), EnginePacket.binary(new byte[] {0, -1, 7}),
                EnginePacket.PONG, EnginePacket.message("😀€"), EnginePacket.text(EnginePacketType.CLOSE, null),
                EnginePacket.NOOP);
        assertEquals(packets, EngineCodec.decodePayload(EngineCodec.encodePayload(packets)));
    }

    @Test
    void an_empty_payload_is_rejected() {
        EngineProtocolException e = assertThrows(EngineProtocolException.class, () -> EngineCodec.decodePayload(""));
        assertEquals("empty payload", e.getMessage());
        EngineProtocolException e2 = assertThrows(EngineProtocolException.class, () -> EngineCodec.decodePayload(null));
        assertEquals("empty payload", e2.getMessage());
    }

    @Test
    void two_separators_in_a_row_are_an_empty_record() {
        EngineProtocolException e = assertThrows(EngineProtocolException.class,
                () -> EngineCodec.decodePayload("4a\u001e\u001e4b"));
        assertEquals("empty packet in payload at record 1", e.getMessage());
    }

    @Test
    void a_leading_or_trailing_separator_is_an_empty_record() {
        EngineProtocolException leading = assertThrows(EngineProtocolException.class,
                () -> EngineCodec.decodePayload("\u001e4a"));
        assertEquals("empty packet in payload at record 0", leading.getMessage());
        EngineProtocolException trailing = assertThrows(EngineProtocolException.class,
                () -> EngineCodec.decodePayload("4a\u001e"));
        assertEquals("empty packet in payload at record 1", trailing.getMessage());
        EngineProtocolException alone = assertThrows(EngineProtocolException.class,
                () -> EngineCodec.decodePayload("\u001e"));
        assertEquals("empty packet in payload at record 0", alone.getMessage());
    }

    @Test
    void bad_base64_is_rejected_without_quoting_it() {
        EngineProtocolException e = assertThrows(EngineProtocolException.class,
                () -> EngineCodec.decodePayload("4a\u001eb@@@@"));
        assertEquals("invalid base64 in binary packet", e.getMessage());
        EngineProtocolException urlSafe = assertThrows(EngineProtocolException.class,
                () -> EngineCodec.decodePayload("b-_8="));
        assertEquals("invalid base64 in binary packet", urlSafe.getMessage());
    }

    @Test
    void an_unknown_type_anywhere_in_the_payload_is_rejected() {
        EngineProtocolException e = assertThrows(EngineProtocolException.class,
                () -> EngineCodec.decodePayload("4a\u001e2\u001ex"));
        assertEquals("unknown packet type 'x'", e.getMessage());
    }
}
