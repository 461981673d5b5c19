package dev.sio.engineio.server;

import dev.sio.log.LogSafe;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counts the protocol errors clients make (undecodable frames and payloads, oversized messages,
 * packets out of order) and keeps their logging bounded: a flood of bad input must not become a
 * flood of log lines. Each error is logged at DEBUG, once per session; at INFO the server writes at
 * most one line per {@link #INFO_INTERVAL_SECONDS} seconds, which says how many errors came since
 * the last one. The counts are for monitoring ({@link #total()}).
 */
public final class ProtocolErrors {

    private static final Logger LOG = System.getLogger(ProtocolErrors.class.getName());

    /** At most one INFO line per this many seconds. */
    public static final long INFO_INTERVAL_SECONDS = 60;

    private final LongAdder total = new LongAdder();
    private final AtomicLong unreported = new AtomicLong();
    private final AtomicLong nextInfoAt;
    private final LongSupplier nanoClock;

    public ProtocolErrors() {
        this(System::nanoTime);
    }

    ProtocolErrors(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.nextInfoAt = new AtomicLong(nanoClock.getAsLong());
    }

    /** Protocol errors since the server started. */
    public long total() {
        return total.sum();
    }

    /**
     * Counts one error and logs it within the policy. {@code description} may carry client input:
     * it is escaped and cut here.
     *
     * @param firstOfSession false when this session has logged an error already (only counted then)
     */
    void record(String sessionId, String description, boolean firstOfSession) {
        total.increment();
        long pending = unreported.incrementAndGet();
        long now = nanoClock.getAsLong();
        long due = nextInfoAt.get();
        if (now - due >= 0 && nextInfoAt.compareAndSet(due, now + TimeUnit.SECONDS.toNanos(INFO_INTERVAL_SECONDS))) {
            long count = unreported.getAndSet(0);
            LOG.log(Level.INFO, "Protocol error on session {0}: {1} ({2} protocol error(s) since the last such line, "
                    + "{3} in all; the others are logged at DEBUG)", sessionId, LogSafe.text(description),
                    Long.toString(count), Long.toString(total.sum()));
        } else if (firstOfSession && LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "Protocol error on session {0}: {1}", sessionId, LogSafe.text(description));
        }
    }
}
