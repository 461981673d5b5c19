package dev.sio.engineio.server;

import java.util.Optional;

/** Checks the query parameters every Engine.IO request must carry (the spec's mandatory EIO and transport). */
public final class HandshakeValidator {

    public static final String PROTOCOL_VERSION = "4";

    private HandshakeValidator() {
    }

    /**
     * @param eio       the EIO parameter, or null
     * @param transport the transport parameter, or null
     * @param expected  the transport the request arrived on ("websocket" or "polling")
     */
    public static Optional<EngineError> check(String eio, String transport, String expected) {
        if (!PROTOCOL_VERSION.equals(eio)) return Optional.of(EngineError.UNSUPPORTED_PROTOCOL_VERSION);
        if (transport == null || !transport.equals(expected)) return Optional.of(EngineError.UNKNOWN_TRANSPORT);
        return Optional.empty();
    }
}
