package dev.sio.engineio.server;

/**
 * One way of carrying a session's packets (WebSocket, HTTP long-polling). The session owns the
 * outbound queue; a transport pulls from it when told that packets are waiting.
 */
public interface Transport {

    /** "websocket" or "polling". */
    String name();

    /** Packets were queued on the session: write them when the transport can. Must not block. */
    void packetsReady(EngineSession session);

    /** Whether a packet queued now would be written at once (used to drop volatile packets otherwise). */
    boolean isWritable();

    /** Close the underlying connection; the reason is for logs and close frames. Must not block long. */
    void close(String reason);

    /**
     * A WebSocket probe for this session succeeded: a polling transport answers its parked GET
     * with a noop so that the client can finish the upgrade (the spec's upgrade step). Called again
     * every 100 ms until the client's upgrade packet arrives, as Node's engine.io does.
     */
    default void upgradeProbed() {
    }

    /** Another transport took over the session; this one must not carry it any more. */
    default void retire() {
    }
}
