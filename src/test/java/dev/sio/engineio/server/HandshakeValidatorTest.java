package dev.sio.engineio.server;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HandshakeValidatorTest {

    @Test
    void protocol_4_on_the_transport_the_request_came_in_on_is_accepted() {
        assertEquals(Optional.empty(), HandshakeValidator.check("4", "websocket", "websocket"));
        assertEquals(Optional.empty(), HandshakeValidator.check("4", "polling", "polling"));
    }

    @Test
    void another_or_a_missing_protocol_version_is_unsupported() {
        assertEquals(Optional.of(EngineError.UNSUPPORTED_PROTOCOL_VERSION), HandshakeValidator.check("3", "websocket", "websocket"));
        assertEquals(Optional.of(EngineError.UNSUPPORTED_PROTOCOL_VERSION), HandshakeValidator.check(null, "websocket", "websocket"));
        assertEquals(Optional.of(EngineError.UNSUPPORTED_PROTOCOL_VERSION), HandshakeValidator.check("", "polling", "polling"));
        assertEquals(Optional.of(EngineError.UNSUPPORTED_PROTOCOL_VERSION), HandshakeValidator.check("04", "polling", "polling"));
    }

    @Test
    void a_missing_or_mismatched_transport_is_unknown() {
        assertEquals(Optional.of(EngineError.UNKNOWN_TRANSPORT), HandshakeValidator.check("4", null, "websocket"));
        assertEquals(Optional.of(EngineError.UNKNOWN_TRANSPORT), HandshakeValidator.check("4", "polling", "websocket"));
        assertEquals(Optional.of(EngineError.UNKNOWN_TRANSPORT), HandshakeValidator.check("4", "websocket", "polling"));
        assertEquals(Optional.of(EngineError.UNKNOWN_TRANSPORT), HandshakeValidator.check("4", "WebSocket", "websocket"));
    }

    @Test
    void protocol_3_is_accepted_only_when_allowed() {
        assertEquals(Optional.of(EngineError.UNSUPPORTED_PROTOCOL_VERSION), HandshakeValidator.check("3", "polling", "polling", false));
        assertEquals(Optional.empty(), HandshakeValidator.check("3", "polling", "polling", true));
        assertEquals(Optional.empty(), HandshakeValidator.check("3", "websocket", "websocket", true));
        assertEquals(Optional.empty(), HandshakeValidator.check("4", "websocket", "websocket", true));
        assertEquals(Optional.of(EngineError.UNKNOWN_TRANSPORT), HandshakeValidator.check("3", "polling", "websocket", true));
        assertEquals(Optional.of(EngineError.UNSUPPORTED_PROTOCOL_VERSION), HandshakeValidator.check("2", "polling", "polling", true));
        assertEquals(3, HandshakeValidator.protocol("3"));
        assertEquals(4, HandshakeValidator.protocol("4"));
    }
}
