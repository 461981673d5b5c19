package dev.sio.cluster;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How the cluster requests of a server went (fetchSockets, allRooms, serverSideEmit with ack, ...):
 * those answered by every node and the time they took, and those that timed out. Monitoring
 * exports them; an average is {@code answeredNanos / answered}.
 */
public final class RequestStats {

    private final LongAdder answered = new LongAdder();
    private final LongAdder answeredNanos = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();
    private final LongAdder timedOut = new LongAdder();

    void answered(long nanos) {
        answered.increment();
        answeredNanos.add(nanos);
        maxNanos.accumulateAndGet(nanos, Math::max);
    }

    void countTimeout() {
        timedOut.increment();
    }

    public long answered() {
        return answered.sum();
    }

    public long answeredNanos() {
        return answeredNanos.sum();
    }

    /** The slowest answered request so far. */
    public long maxNanos() {
        return maxNanos.get();
    }

    public long timedOut() {
        return timedOut.sum();
    }
}
