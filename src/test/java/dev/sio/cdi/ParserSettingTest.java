package dev.sio.cdi;

import dev.sio.auth.MapConfig;
import dev.sio.socketio.protocol.Parser;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ParserSettingTest {

    private static Parser parser(Map<String, String> settings) {
        return SocketIoSettings.from(new MapConfig(settings)).socketIo().parser();
    }

    @Test
    void the_default_parser_unless_msgpack_is_asked_for() {
        assertSame(Parser.DEFAULT, parser(Map.of()));
        assertSame(Parser.DEFAULT, parser(Map.of("socketio.parser", "default")));
        assertEquals("msgpack", parser(Map.of("socketio.parser", " MsgPack ")).name());
    }

    @Test
    void an_unknown_parser_stops_the_start_naming_the_valid_ones_without_echoing_control_characters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parser(Map.of("socketio.parser", "json\nFAKE")));
        assertTrue(e.getMessage().contains("\"default\" or \"msgpack\""), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
