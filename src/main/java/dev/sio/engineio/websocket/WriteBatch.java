package dev.sio.engineio.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Holds back WebSocket writes while one received message is being handled on this thread, so that
 * a handler that emits many packets to the same connections (a burst of broadcasts) sends each
 * connection its packets in a few writes rather than one write per packet; on Payara each write
 * costs far more than the bytes it carries.
 *
 * <p>What is held, and for how long: a connection's first write in a batch goes out at once (an
 * acknowledgement or a single emit is never delayed); only when the same handler queues more for
 * it while that connection is idle is the connection held, and it is written when the handler
 * returns, when enough sends pile up for it (see {@link WebSocketTransport}), or {@value #MAX_HOLD_MILLIS} ms
 * after the first hold, whichever comes first (the last one by a timer, for a handler that blocks
 * after emitting). Held packets stay in the session's bounded queue: holding adds no buffer.
 *
 * <p>One per thread while a message is handled, then dropped (see {@link #close()}). Its list is shared with the
 * timer's thread, hence the lock; everything else is the owner thread's alone.
 */
final class WriteBatch {

    /** The longest a held packet waits when its handler blocks. */
    static final long MAX_HOLD_MILLIS = 5;

    private static final System.Logger LOG = System.getLogger(WriteBatch.class.getName());
    // no initial value: a thread that only sends (a timer, a broadcaster) must not get a batch left behind
    private static final ThreadLocal<WriteBatch> CURRENT = new ThreadLocal<>();

    private final Thread owner = Thread.currentThread();
    private boolean open;          // owner thread only
    private long generation;       // owner thread only
    // may list a transport that left early (see release): its heldBy field says whether it is still held
    private final List<WebSocketTransport> held = new ArrayList<>(); // guarded by this
    private ScheduledFuture<?> timer;                                // guarded by this

    /** Opens this thread's batch; null when one is open already (the outer one goes on). */
    static WriteBatch open() {
        WriteBatch batch = CURRENT.get();
        if (batch == null) {
            batch = new WriteBatch();
            CURRENT.set(batch);
        } else if (batch.open) {
            return null;
        }
        batch.open = true;
        batch.generation++;
        return batch;
    }

    /** This thread's open batch, or null. */
    static WriteBatch current() {
        WriteBatch batch = CURRENT.get();
        return batch != null && batch.open ? batch : null;
    }

    /** Tells one opening of the batch from the next (a transport remembers where it wrote last). */
    long generation() {
        return generation;
    }

    boolean isOwnedByCurrentThread() {
        return open && owner == Thread.currentThread();
    }

    /** Keeps a transport (whose write chain the caller owns) until the batch is flushed. */
    void hold(WebSocketTransport transport, Timer arm) {
        synchronized (this) {
            transport.heldBy = this;
            held.add(transport);
            if (timer != null) return;
            timer = arm.schedule(this::flush, MAX_HOLD_MILLIS);
        }
    }

    /** Writes one held transport now, if it is still held (the timer may have written it already). */
    void release(WebSocketTransport transport) {
        if (take(transport)) transport.flushHeld();
    }

    /** Exactly one caller (owner, early release, or timer) gets to write a held transport. */
    private synchronized boolean take(WebSocketTransport transport) {
        if (transport.heldBy != this) return false;
        transport.heldBy = null;
        return true;
    }

    /**
     * The handler returned: writes what is held, and lets go of this thread's batch. The threads are
     * the container's and outlive the application: a batch left in their thread-locals would keep an
     * undeployed application's classes loaded (seen: one class loader per redeployment). The next
     * message on the thread gets a fresh batch.
     */
    void close() {
        open = false;
        try {
            flush();
        } finally {
            if (owner == Thread.currentThread()) CURRENT.remove();
        }
    }

    /** Writes every held transport, on the calling thread (the owner, or the timer's). */
    void flush() {
        List<WebSocketTransport> out;
        synchronized (this) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            if (held.isEmpty()) return;
            out = new ArrayList<>(held);
            held.clear();
        }
        for (WebSocketTransport transport : out) {
            if (!take(transport)) continue;
            try {
                transport.flushHeld();
            } catch (RuntimeException e) {
                // one connection's failure must not leave the others held (their write chains would stay taken)
                LOG.log(System.Logger.Level.WARNING, "Writing a held WebSocket connection failed", e);
            }
        }
    }

    /** Where the batch's timer runs: the session's scheduler. */
    interface Timer {
        ScheduledFuture<?> schedule(Runnable task, long delayMillis);
    }

    static Timer timerOf(dev.sio.engineio.server.EngineSession session) {
        return (task, delay) -> session.server().schedule(task, delay, TimeUnit.MILLISECONDS);
    }
}
