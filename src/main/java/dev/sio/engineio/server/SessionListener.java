package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;

/**
 * Receives what happens on one Engine.IO session: its messages and its end. Called on transport
 * threads, one message at a time per session.
 */
public interface SessionListener {

    /** A MESSAGE packet, text or binary. */
    void onMessage(EnginePacket packet);

    /** The session is closed; called exactly once. */
    void onClose(String reason);

    SessionListener NONE = new SessionListener() {
        @Override
        public void onMessage(EnginePacket packet) {
        }

        @Override
        public void onClose(String reason) {
        }
    };
}
