package dev.sio.engineio.websocket;

import dev.sio.engineio.container.WebSocketDiagnostics;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The portable sender as the diagnostics report it (the Tyrus paths are asserted on Payara, see JavaClientIT). */
class FrameSenderTest {

    @Test
    void the_portable_sender_is_reported_as_jakarta_async() {
        FrameSender portable = new FrameSender.JakartaFrameSender(null);
        WebSocketDiagnostics.senderChosen(portable.sendPath());
        assertEquals(WebSocketDiagnostics.SendPath.JAKARTA_ASYNC, WebSocketDiagnostics.sendPath());
    }
}
