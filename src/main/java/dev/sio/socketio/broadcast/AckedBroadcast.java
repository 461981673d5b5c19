package dev.sio.socketio.broadcast;

/**
 * Where the adapter reports a broadcast with acknowledgement (Node's {@code broadcastWithAck}
 * callbacks): each node, this one included, reports how many of its sockets got the packet, once,
 * right after writing it; then each socket's answer comes as it arrives (possibly before its
 * node's count). The sender knows how many counts to wait for from {@link Adapter#serverCount()}.
 * Called from any thread: implementations are thread-safe.
 */
public interface AckedBroadcast {

    /** One node wrote the packet to {@code count} sockets. */
    void clientCount(int count);

    /** One socket answered. */
    void ack(Arguments answer);

    /**
     * A local socket left before answering; {@code cause} says why (the server stopping is not a
     * timeout: the sender's timer may stop with it). Remote nodes report nothing of the kind.
     */
    default void lost(Throwable cause) {
    }
}
