package dev.sio.socketio.broadcast;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What an adapter needs from its namespace ({@link Adapter#init}). The local sockets are those the
 * adapter was given by {@link Adapter#addAll}.
 */
public interface AdapterHost {

    /** The namespace's name ("/chat"). */
    String namespace();

    /** A fresh acknowledgement id of the namespace (a broadcast with ack uses one for all its sockets). */
    long nextAckId();

    /**
     * The server's scheduler: timeouts, and work handed over from an adapter's own threads (a Redis
     * I/O thread must never run socket work nor wait).
     */
    ScheduledExecutorService scheduler();

    /**
     * A broadcast was written to {@code recipients} local sockets (monitoring counts it once). The
     * adapter calls it after each local fan-out, whichever node the broadcast came from.
     */
    void delivered(OutgoingPacket packet, int recipients);

    /**
     * Another node emitted a server-side event (Node's {@code serverSideEmit}): the namespace runs
     * its handler. {@code answer} is null when no acknowledgement is expected, else it takes the
     * handler's answer exactly once. Call it from the server's executor, not from an I/O thread.
     */
    void serverSideEmitReceived(Arguments args, Consumer<Arguments> answer);

    /** A host for an adapter used on its own (tests): ack ids from 0, no scheduler, nothing counted or handled. */
    static AdapterHost detached(String namespace) {
        return new DetachedHost(namespace);
    }
}
