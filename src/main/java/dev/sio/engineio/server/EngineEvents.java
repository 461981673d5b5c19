package dev.sio.engineio.server;

/**
 * What happens to Engine.IO connections, for monitoring. Every method has a no-op default, so a
 * listener implements only what it counts, and the server runs with {@link #NONE} when nothing
 * listens. Called on transport and timer threads, often concurrently: implementations must be
 * thread-safe, cheap, and never block or throw.
 */
public interface EngineEvents {

    EngineEvents NONE = new EngineEvents() {
    };

    /** Why a connection was refused before it opened. */
    enum Refusal {
        /** the Origin header is not in the allowed list */
        ORIGIN,
        /** the server holds its maximum of connections */
        TOO_MANY_CONNECTIONS,
        /** the client's address holds its maximum of connections */
        TOO_MANY_FROM_ADDRESS,
        /** the application is shutting down */
        SHUTTING_DOWN;

        public static Refusal of(ConnectionLimits.Refusal limit) {
            return switch (limit) {
                case TOO_MANY_CONNECTIONS -> TOO_MANY_CONNECTIONS;
                case TOO_MANY_FROM_ADDRESS -> TOO_MANY_FROM_ADDRESS;
                case SHUTTING_DOWN -> SHUTTING_DOWN;
            };
        }
    }

    /** A session opened on this transport ("polling" or "websocket"). */
    default void connectionOpened(String transport) {
    }

    /** A session ended; {@code reason} is one of {@link CloseReasons} (or a caller's own wording). */
    default void connectionClosed(String transport, String reason) {
    }

    /** A polling session moved to WebSocket. */
    default void upgraded() {
    }

    /** A connection was refused before it opened. */
    default void connectionRefused(Refusal reason) {
    }
}
