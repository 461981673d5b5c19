package dev.sio.socketio.recovery;

import java.util.List;
import java.util.Set;

/**
 * Where disconnected sessions and recoverable packets are kept. The in-memory adapter uses an
 * in-memory one; a cluster adapter can share one across nodes (the records are plain data).
 * Implementations are thread-safe and bounded.
 */
public interface RecoveryStore {

    /** A new offset, unique in this store and later than every offset it gave before. */
    String nextOffset();

    /** Keeps a packet that just went out (in the order of {@link #nextOffset}); the store stamps the time. */
    void append(StoredPacket packet);

    /**
     * Keeps a packet that is going out and returns it with the offset it got: {@code unnumbered} is the
     * EVENT encoded without offset, the answer's text has the offset appended as last argument (see
     * {@link StoredPacket#withOffset}). By default {@link #nextOffset} then {@link #append}; a shared
     * store takes the offset from where it keeps the packet (a Redis stream id). May throw when a
     * shared store cannot be reached: the packet then goes out unstored.
     */
    default StoredPacket add(StoredPacket unnumbered) {
        StoredPacket numbered = unnumbered.withOffset(nextOffset());
        append(numbered);
        return numbered;
    }

    /**
     * Whether every node of a cluster sees the same sessions and packets: the offsets then mean the
     * same on every node and travel with a published broadcast (a node-local store's offsets do not).
     */
    default boolean shared() {
        return false;
    }

    /**
     * Keeps the state of a socket that is still connected (after it connected and after each room
     * change), so that its client can recover even when this node dies without noticing the
     * disconnection. Nothing to do for a store that lives and dies with the node.
     */
    default void track(SessionRecord live) {
    }

    /** Releases what the store holds open (a connection); nothing by default. */
    default void close() {
    }

    /** Keeps a session whose connection was lost (replacing one with the same pid); the store stamps the time. */
    void persist(SessionRecord session);

    /**
     * Takes the session back, at most once: a restored session is gone from the store. A session of
     * another user is left in place; any other refusal drops it (its client starts afresh).
     *
     * @param userId who asks (checked against the session's user unless {@code anyUser})
     * @param offset the last packet the client received
     */
    Restore take(String namespace, String pid, String offset, String userId, boolean anyUser);

    /**
     * The packets kept after {@code offset} for a socket in {@code rooms}, read again once a restored
     * socket joined its rooms: in a shared store other nodes append while a restore runs (see
     * docs/cluster.md, "another node's broadcast during a restore"). The answer's {@code readTo} is
     * the last packet read, meant for the socket or not ({@code offset} when there was none). Not
     * bounded by the session's limits (it reads what was appended during one restore). By default
     * nothing: a store no other node appends to gets no packet past the namespace's recovery lock.
     */
    default MissedPackets missedAfter(String namespace, String offset, Set<String> rooms) {
        return new MissedPackets(List.of(), offset);
    }

    /** Whether a session with this pid is kept (and not expired); it may still be gone when taken. */
    boolean contains(String namespace, String pid);

    /** Drops what is older than the window. */
    void expire();

    /** Kept sessions, packets and bytes (for tests and monitoring). */
    int sessions();

    int packets();

    long bytes();
}
