package dev.sio.monitoring;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Watches the timer that runs every heartbeat, ack timeout and deadline. If that single thread is
 * stuck (a task that blocks), no ping is sent, no dead client is noticed, and every session times
 * out: the process is alive but the server is not. A tick every second records when it ran; the
 * lag is how late the last tick is.
 */
public final class TimerWatchdog implements AutoCloseable {

    static final long PERIOD_MILLIS = 1000;

    private final LongSupplier nanoClock;
    private final long startedNanos;
    private volatile long lastTickNanos;
    private final ScheduledFuture<?> tick;

    public TimerWatchdog(ScheduledExecutorService timer) {
        this(timer, System::nanoTime);
    }

    TimerWatchdog(ScheduledExecutorService timer, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.startedNanos = nanoClock.getAsLong();
        this.lastTickNanos = startedNanos;
        this.tick = timer.scheduleAtFixedRate(() -> lastTickNanos = nanoClock.getAsLong(),
                PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** How many milliseconds the timer is behind: 0 while it ticks on time. */
    public long lagMillis() {
        long sinceTick = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - lastTickNanos);
        return Math.max(0, sinceTick - PERIOD_MILLIS);
    }

    /** Up while the timer is less than {@code limitMillis} late. */
    public HealthReport report(long limitMillis) {
        long lag = lagMillis();
        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("timerLagMillis", lag);
        if (lag >= limitMillis) data.put("problem", "the heartbeat timer is " + lag + " ms late (stuck task?)");
        return new HealthReport(lag < limitMillis, data);
    }

    @Override
    public void close() {
        tick.cancel(false);
    }
}
