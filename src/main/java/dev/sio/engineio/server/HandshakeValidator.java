package dev.sio.engineio.server;

import java.util.Optional;

/** Checks the query parameters every Engine.IO request must carry (the spec's mandatory EIO and transport). */
public final class HandshakeValidator {

    public static final String PROTOCOL_VERSION = "4";
    /** The Engine.IO revision of socket.io-client 2.x, accepted only when {@link EngineConfig#allowEio3()}. */
    public static final String LEGACY_PROTOCOL_VERSION = "3";

    private HandshakeValidator() {
    }

    /**
     * Protocol 4 only.
     *
     * @param eio       the EIO parameter, or null
     * @param transport the transport parameter, or null
     * @param expected  the transport the request arrived on ("websocket" or "polling")
     */
    public static Optional<EngineError> check(String eio, String transport, String expected) {
        return check(eio, transport, expected, false);
    }

    /** As {@link #check(String, String, String)}, also accepting {@code EIO=3} when {@code allowEio3}. */
    public static Optional<EngineError> check(String eio, String transport, String expected, boolean allowEio3) {
        if (!PROTOCOL_VERSION.equals(eio) && !(allowEio3 && LEGACY_PROTOCOL_VERSION.equals(eio))) {
            return Optional.of(EngineError.UNSUPPORTED_PROTOCOL_VERSION);
        }
        if (transport == null || !transport.equals(expected)) return Optional.of(EngineError.UNKNOWN_TRANSPORT);
        return Optional.empty();
    }

    /** The protocol revision of a request that passed {@link #check}: 3 or 4. */
    public static int protocol(String eio) {
        return LEGACY_PROTOCOL_VERSION.equals(eio) ? 3 : 4;
    }
}
