package dev.sio.engineio.websocket;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HandshakeCaptureTest {

    /** An endpoint that cannot be made. */
    public static class Unmakeable {
        public Unmakeable() {
            throw new IllegalStateException("no");
        }
    }

    private final HandshakeCapture capture = new HandshakeCapture();

    @Test
    void every_connection_gets_the_same_instance_of_an_endpoint_class() throws Exception {
        SocketIoWebSocketEndpoint first = capture.getEndpointInstance(SocketIoWebSocketEndpoint.class);
        assertSame(first, capture.getEndpointInstance(SocketIoWebSocketEndpoint.class));
        EngineIoWebSocketEndpoint other = capture.getEndpointInstance(EngineIoWebSocketEndpoint.class);
        assertSame(other, capture.getEndpointInstance(EngineIoWebSocketEndpoint.class));
        assertNotSame(first, other);
    }

    @Test
    void an_endpoint_that_cannot_be_made_fails_with_an_instantiation_exception() {
        assertThrows(InstantiationException.class, () -> capture.getEndpointInstance(Unmakeable.class));
        assertThrows(InstantiationException.class, () -> capture.getEndpointInstance(Unmakeable.class));
    }
}
