package dev.sio.integration;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Between the socket threads and the one publisher thread: a bounded queue that never blocks the
 * chat. When the broker is away it fills; further events are dropped and counted, and the first
 * drop of each outage is logged (one line, not one per event). The outage ends when the publisher
 * reports a confirmed publish ({@link #published()}).
 */
public final class OutboundBuffer {

    private static final Logger LOG = System.getLogger(OutboundBuffer.class.getName());

    private final ArrayBlockingQueue<OutboundEvent> queue;
    private final int capacity;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();
    private final AtomicBoolean dropping = new AtomicBoolean();

    public OutboundBuffer(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("socketio.mq.outbound.buffer must be at least 1, got " + capacity);
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Queues the event, or drops it when the buffer is full. Never blocks. */
    public boolean offer(OutboundEvent event) {
        if (queue.offer(event)) return true;
        dropped.incrementAndGet();
        if (dropping.compareAndSet(false, true)) {
            outages.incrementAndGet();
            LOG.log(Level.WARNING, "Outbound events buffer full ({0} events, the broker does not take them): "
                    + "dropping further events until it does ({1} dropped so far)", capacity, dropped.get());
        }
        return false;
    }

    /** The next event, waiting at most {@code millis}; null when none came. */
    public OutboundEvent poll(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Moves up to {@code max} queued events into {@code into}, without waiting. */
    public int drainTo(Collection<OutboundEvent> into, int max) {
        return queue.drainTo(into, max);
    }

    /** The broker confirmed a publish: an outage in progress is over (logged once). */
    public void published() {
        if (dropping.compareAndSet(true, false)) {
            LOG.log(Level.INFO, "Outbound events flow again ({0} dropped in all)", dropped.get());
        }
    }

    public int size() {
        return queue.size();
    }

    /** Events dropped because the buffer was full, since the start. */
    public long dropped() {
        return dropped.get();
    }

    /** Times the buffer started dropping (each logged once). */
    public long outages() {
        return outages.get();
    }
}
