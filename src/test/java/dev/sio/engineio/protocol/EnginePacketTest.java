package dev.sio.engineio.protocol;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EnginePacketTest {

    @Test
    void the_constants_have_the_wire_text_of_the_spec() {
        assertEquals("2", EnginePacket.PING.wireText());
        assertEquals("3", EnginePacket.PONG.wireText());
        assertEquals("6", EnginePacket.NOOP.wireText());
        assertEquals("1", EnginePacket.CLOSE.wireText());
        assertEquals("5", EnginePacket.UPGRADE.wireText());
        assertEquals("2probe", EnginePacket.PING_PROBE.wireText());
        assertEquals("3probe", EnginePacket.PONG_PROBE.wireText());
    }

    @Test
    void a_text_message_is_the_digit_4_followed_by_its_data() {
        EnginePacket packet = EnginePacket.message("hello");
        assertEquals(EnginePacketType.MESSAGE, packet.type());
        assertEquals("hello", packet.data());
        assertFalse(packet.isBinary());
        assertNull(packet.binary());
        assertEquals("4hello", packet.wireText());
    }

    @Test
    void an_open_packet_carries_its_handshake_json_verbatim() {
        String handshake = "{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
                + "\"pingTimeout\":5000,\"maxPayload\":1000000}";
        assertEquals("0" + handshake, EnginePacket.text(EnginePacketType.OPEN, handshake).wireText());
    }

    @Test
    void empty_and_null_data_both_mean_no_data() {
        assertNull(EnginePacket.text(EnginePacketType.MESSAGE, "").data());
        assertNull(EnginePacket.text(EnginePacketType.MESSAGE, null).data());
        assertEquals("4", EnginePacket.message("").wireText());
        assertEquals(EnginePacket.of(EnginePacketType.MESSAGE), EnginePacket.message(""));
    }

    @Test
    void the_wire_text_is_built_once_and_then_reused() {
        EnginePacket packet = EnginePacket.message("[\"broadcast\"]");
        String first = packet.wireText();
        assertSame(first, packet.wireText());
        assertSame(first, packet.wireText());
    }

    @Test
    void a_binary_message_keeps_the_callers_array_without_copying() {
        byte[] bytes = {1, 2, 3};
        EnginePacket packet = EnginePacket.binary(bytes);
        assertEquals(EnginePacketType.MESSAGE, packet.type());
        assertTrue(packet.isBinary());
        assertSame(bytes, packet.binary());
        assertNull(packet.data());
    }

    @Test
    void a_binary_message_has_no_wire_text() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EnginePacket.binary(new byte[] {1}).wireText());
        assertEquals("a binary packet has no text form; send binary() as a binary frame", e.getMessage());
    }

    @Test
    void packets_are_equal_by_type_and_content_including_binary_content() {
        assertEquals(EnginePacket.message("a"), EnginePacket.message("a"));
        assertEquals(EnginePacket.message("a").hashCode(), EnginePacket.message("a").hashCode());
        assertNotEquals(EnginePacket.message("a"), EnginePacket.message("b"));
        assertNotEquals(EnginePacket.text(EnginePacketType.PING, "probe"), EnginePacket.text(EnginePacketType.PONG, "probe"));
        assertEquals(EnginePacket.binary(new byte[] {1, 2}), EnginePacket.binary(new byte[] {1, 2}));
        assertEquals(EnginePacket.binary(new byte[] {1, 2}).hashCode(), EnginePacket.binary(new byte[] {1, 2}).hashCode());
        assertNotEquals(EnginePacket.binary(new byte[] {1, 2}), EnginePacket.binary(new byte[] {1, 3}));
        assertNotEquals(EnginePacket.message("4"), EnginePacket.binary(new byte[] {'4'}));
    }

    @Test
    void to_string_shows_short_data_in_full() {
        assertEquals("EnginePacket[MESSAGE, \"hello\"]", EnginePacket.message("hello").toString());
        assertEquals("EnginePacket[PING]", EnginePacket.PING.toString());
        assertEquals("EnginePacket[MESSAGE, binary 3 bytes]", EnginePacket.binary(new byte[3]).toString());
    }

    @Test
    void to_string_cuts_long_data_after_64_characters() {
        String data = "x".repeat(1_000_000);
        assertEquals("EnginePacket[MESSAGE, \"" + "x".repeat(64) + "...\" (1000000 chars)]",
                EnginePacket.message(data).toString());
    }

    @Test
    void to_string_does_not_cut_a_surrogate_pair_in_half() {
        String data = "x".repeat(63) + "\uD83D\uDE00" + "tail";
        assertEquals("EnginePacket[MESSAGE, \"" + "x".repeat(63) + "...\" (69 chars)]",
                EnginePacket.message(data).toString());
    }

    @Test
    void binary_data_is_reported_by_binary_and_not_by_data() {
        assertArrayEquals(new byte[] {9}, EnginePacket.binary(new byte[] {9}).binary());
    }
}
