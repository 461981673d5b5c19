package dev.sio.engineio.websocket;

import dev.sio.engineio.server.CloseReasons;
import jakarta.websocket.CloseReason.CloseCodes;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CloseCodeTest {

    @Test
    void a_server_shutting_down_closes_its_websockets_with_1001_going_away() {
        assertEquals(CloseCodes.GOING_AWAY, WebSocketTransport.closeCode(CloseReasons.SERVER_SHUTTING_DOWN));
        assertEquals(1001, WebSocketTransport.closeCode(CloseReasons.SERVER_SHUTTING_DOWN).getCode());
    }

    @Test
    void every_other_close_is_a_normal_closure() {
        for (String reason : new String[] {CloseReasons.PING_TIMEOUT, CloseReasons.FORCED_CLOSE, CloseReasons.PARSE_ERROR, null}) {
            assertEquals(CloseCodes.NORMAL_CLOSURE, WebSocketTransport.closeCode(reason), String.valueOf(reason));
        }
    }
}
