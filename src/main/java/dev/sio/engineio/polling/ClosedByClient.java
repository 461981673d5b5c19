package dev.sio.engineio.polling;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sids of long-polling sessions whose client sent a close packet, kept for {@value #WINDOW_MILLIS}
 * ms until a GET of the session gets the close's noop: the GET that was parked when the close came,
 * or else one still on its way, which then gets the noop it would have got had it arrived first,
 * instead of a 400 for an unknown sid.
 *
 * <p>Why: a client may send its close while a GET is in flight (the Engine.IO test suite does, with
 * both requests at once). Node handles requests in arrival order on one thread, so the GET is
 * nearly always parked first; a servlet container runs them on two threads, and about one time in
 * four the close won and the GET was refused (measured on Payara: 54 of 200). The sid is kept before
 * the close is handled and taken by whichever GET gets the noop, so exactly one GET gets it; any
 * later request for the sid gets the 400 of an unknown session.
 *
 * <p>Bounded: at most {@value #MAX_ENTRIES} sids (the oldest go first; losing one only brings the
 * 400 back), each dropped once its window has passed.
 */
final class ClosedByClient {

    static final long WINDOW_MILLIS = 2000;
    static final int MAX_ENTRIES = 4096;

    private final long windowNanos;
    // insertion order is closing order, so the expired entries are at the head
    private final LinkedHashMap<String, Long> closedAt = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    ClosedByClient() {
        this(TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS));
    }

    /** With another window (tests). */
    ClosedByClient(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    synchronized void closed(String sid) {
        long now = System.nanoTime();
        dropExpired(now);
        closedAt.put(sid, now);
    }

    /** True (once) when the client closed this sid within the window. */
    synchronized boolean takeRecent(String sid) {
        Long at = closedAt.remove(sid);
        return at != null && System.nanoTime() - at <= windowNanos;
    }

    synchronized int size() {
        return closedAt.size();
    }

    private void dropExpired(long now) {
        Iterator<Long> times = closedAt.values().iterator();
        while (times.hasNext() && now - times.next() > windowNanos) times.remove();
    }
}
