package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;

/**
 * The application the Engine.IO v4 specification's test suite expects: every message is sent back
 * as it came (text or binary). Served at /engine.io/ when the conformance application is on.
 */
public final class EchoHandler implements ConnectionHandler {

    @Override
    public SessionListener onConnection(EngineSession session) {
        return new SessionListener() {
            @Override
            public void onMessage(EnginePacket packet) {
                session.send(packet);
            }

            @Override
            public void onClose(String reason) {
            }
        };
    }
}
