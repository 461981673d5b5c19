package dev.sio.engineio.server;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A thread that is sending a burst of packets (a received message's handler, the cluster node
 * delivering other nodes' broadcasts) opens a scope; a transport may then leave what it would write
 * now until the scope ends, so that the whole burst leaves together. The long-polling transport does:
 * a parked poll answered at the burst's first packet carries one packet, and the rest wait for the
 * client's next request, one more HTTP round trip per burst (Node's engine.io answers the same way);
 * answered at the end it carries all of them.
 *
 * <p>Bounds: a member is flushed when the scope ends, or {@value #MAX_HOLD_MILLIS} ms after the
 * scope first held anything, by the server's scheduler (a handler that blocks after sending does not
 * hold its answers). Held packets stay in each session's bounded queue: holding adds no buffer.
 *
 * <p>One per thread while open; scopes do not nest (inside one, the outer one goes on). The member
 * set is shared with the timer's thread, hence the lock.
 */
public final class BurstScope {

    /** The longest a held answer waits when its sender blocks. */
    static final long MAX_HOLD_MILLIS = 5;

    private static final System.Logger LOG = System.getLogger(BurstScope.class.getName());
    // no initial value: a thread that only sends must not get a scope left behind (see close)
    private static final ThreadLocal<BurstScope> CURRENT = new ThreadLocal<>();

    /** What a transport leaves until the end of the burst. */
    public interface Member {
        /** Writes what was held; called once per scope that held it, on the closing or the timer's thread. */
        void flushBurst();
    }

    // made at the first hold: most scopes (a WebSocket message that answers one socket) hold nothing
    private Map<Member, Boolean> held;                                   // guarded by this
    private ScheduledFuture<?> timer;                                    // guarded by this
    private boolean closed;                                              // guarded by this

    private BurstScope() {
    }

    /** Opens a scope on this thread; null when one is open already (close only what you opened). */
    public static BurstScope open() {
        if (CURRENT.get() != null) return null;
        BurstScope scope = new BurstScope();
        CURRENT.set(scope);
        return scope;
    }

    /**
     * Leaves {@code member}'s flush to this thread's scope, if one is open and has not ended.
     *
     * @param scheduler where the scope's timer runs (the session's server)
     * @return false when no scope is open here: the caller writes now
     */
    public static boolean hold(Member member, EngineServer scheduler) {
        BurstScope scope = CURRENT.get();
        return scope != null && scope.add(member, scheduler);
    }

    private synchronized boolean add(Member member, EngineServer scheduler) {
        if (closed) return false;
        if (held == null) held = new IdentityHashMap<>();
        if (held.put(member, Boolean.TRUE) == null && timer == null) {
            try {
                timer = scheduler.schedule(this::flush, MAX_HOLD_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RuntimeException shutDown) {
                // no timer (the server is stopping): the scope's end still flushes
            }
        }
        return true;
    }

    /**
     * The burst is over: flushes what was held, on this thread, and lets go of the thread's scope
     * (the threads are the container's and outlive the application: a scope left in their
     * thread-locals would keep an undeployed application's classes loaded).
     */
    public void close() {
        CURRENT.remove();
        synchronized (this) {
            closed = true;
        }
        flush();
    }

    /** Flushes every held member (the timer's early flush; later holds start a new round). */
    private void flush() {
        List<Member> out;
        synchronized (this) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            if (held == null || held.isEmpty()) return;
            out = new ArrayList<>(held.keySet());
            held.clear();
        }
        for (Member member : out) {
            try {
                member.flushBurst();
            } catch (RuntimeException e) {
                // one session's failure must not leave the others' answers held
                LOG.log(System.Logger.Level.WARNING, "Flushing a held transport failed", e);
            }
        }
    }
}
