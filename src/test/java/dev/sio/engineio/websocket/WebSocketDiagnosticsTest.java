package dev.sio.engineio.websocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WebSocketDiagnosticsTest {

    @AfterEach
    void reset() {
        WebSocketDiagnostics.plainTimerInstalled(null);
    }

    @Test
    void the_portable_sender_is_reported_as_jakarta_async() {
        FrameSender portable = new FrameSender.JakartaFrameSender(null);
        WebSocketDiagnostics.senderChosen(portable.sendPath());
        assertEquals(WebSocketDiagnostics.SendPath.JAKARTA_ASYNC, WebSocketDiagnostics.sendPath());
    }
}
