package dev.sio.engineio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on a virtual clock, for deterministic tests: nothing runs until {@link #advance}
 * moves the clock, and then due tasks run on the calling thread, in time order (ties in the order
 * they were scheduled). Tasks scheduled while advancing run too when they fall due in the window.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;
    private boolean shutdown;

    /** Moves the clock forward, running every task that falls due on the way. */
    public void advance(Duration by) {
        long target;
        synchronized (this) {
            target = nowNanos + by.toNanos();
        }
        while (true) {
            Task<?> next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.time > target) {
                    nowNanos = target;
                    return;
                }
                queue.poll();
                nowNanos = next.time;
            }
            next.run(); // a cancelled FutureTask does nothing
        }
    }

    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /** Runs what is due now without moving the clock. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Tasks waiting to run, cancelled ones left out. */
    public synchronized int pendingTasks() {
        int n = 0;
        for (Task<?> task : queue) if (!task.isCancelled()) n++;
        return n;
    }

    public synchronized long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(nowNanos);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(new Task<>(command, null, delay, unit));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(new Task<>(callable, delay, unit));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the server");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the server");
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    private synchronized <V> Task<V> enqueue(Task<V> task) {
        if (shutdown) throw new java.util.concurrent.RejectedExecutionException("shut down");
        task.time = nowNanos + Math.max(0, task.delayNanos);
        task.seq = sequence++;
        queue.add(task);
        return task;
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long delayNanos;
        private long time;
        private long seq;

        Task(Runnable runnable, V result, long delay, TimeUnit unit) {
            super(runnable, result);
            this.delayNanos = unit.toNanos(delay);
        }

        Task(Callable<V> callable, long delay, TimeUnit unit) {
            super(callable);
            this.delayNanos = unit.toNanos(delay);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualScheduler.this) {
                return unit.convert(time - nowNanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> o = (Task<?>) other;
            int byTime = Long.compare(time, o.time);
            return byTime != 0 ? byTime : Long.compare(seq, o.seq);
        }

        @Override
        protected void setException(Throwable t) {
            // a scheduled task that throws would be swallowed by FutureTask; make it visible in the test
            super.setException(t);
            throw new AssertionError("scheduled task failed", t);
        }
    }
}
