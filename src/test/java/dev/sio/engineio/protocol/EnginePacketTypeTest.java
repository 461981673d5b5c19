package dev.sio.engineio.protocol;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EnginePacketTypeTest {

    @Test
    void the_types_are_numbered_0_to_6_in_protocol_order() {
        assertEquals('0', EnginePacketType.OPEN.code());
        assertEquals('1', EnginePacketType.CLOSE.code());
        assertEquals('2', EnginePacketType.PING.code());
        assertEquals('3', EnginePacketType.PONG.code());
        assertEquals('4', EnginePacketType.MESSAGE.code());
        assertEquals('5', EnginePacketType.UPGRADE.code());
        assertEquals('6', EnginePacketType.NOOP.code());
    }

    @Test
    void every_code_maps_back_to_its_type() throws EngineProtocolException {
        for (EnginePacketType type : EnginePacketType.values()) {
            assertEquals(type, EnginePacketType.fromCode(type.code()));
        }
    }

    @ParameterizedTest(name = "{0} is rejected as {1}")
    @CsvSource(delimiter = '|', value = {
            "7 | unknown packet type '7'",
            "/ | unknown packet type '/'",
            "b | unknown packet type 'b'"})
    void a_character_outside_0_to_6_is_an_unknown_type(char code, String message) {
        EngineProtocolException e = assertThrows(EngineProtocolException.class, () -> EnginePacketType.fromCode(code));
        assertEquals(message, e.getMessage());
    }

    @Test
    void a_control_character_is_escaped_in_the_message_so_it_cannot_break_a_log_line() {
        EngineProtocolException e = assertThrows(EngineProtocolException.class, () -> EnginePacketType.fromCode('\n'));
        assertEquals("unknown packet type '\\u000a'", e.getMessage());
    }
}
