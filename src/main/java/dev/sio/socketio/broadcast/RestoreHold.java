package dev.sio.socketio.broadcast;

/**
 * What {@link Adapter#joinRestored} gives the namespace: while it is held, the stored broadcasts of
 * other nodes that reach the restored socket wait, so that they come after its CONNECT and missed
 * packets, each once. Used by one thread (the restore's), under the namespace's recovery lock.
 */
public interface RestoreHold {

    /** Holds nothing: an adapter without other nodes (the namespace's recovery lock orders its broadcasts). */
    RestoreHold NONE = new RestoreHold() {
        @Override
        public void awaitJoined() {
        }

        @Override
        public void release(String readTo, Runnable send) {
            send.run();
        }
    };

    /**
     * Returns once broadcasts of other nodes to the socket's rooms reach this node (a room channel
     * subscribed at the join took effect), or after the adapter's bound on waiting for Redis.
     */
    void awaitJoined();

    /**
     * Runs {@code send} (the CONNECT answer and the missed packets, read up to the offset
     * {@code readTo}), then writes what was held whose offset is after {@code readTo}, and lets other
     * nodes' stored broadcasts through again, except, for a while, those at or before {@code readTo}
     * (their publish came late: the socket got them among the missed ones). Called exactly once.
     */
    void release(String readTo, Runnable send);
}
