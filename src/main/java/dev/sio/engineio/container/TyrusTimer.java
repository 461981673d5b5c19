package dev.sio.engineio.container;

import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The plain scheduler {@link TyrusSchedulerSwap} gives Tyrus, minus Tyrus's no-op idle checks.
 *
 * <p>Tyrus schedules an idle-timeout check on every message received, with the session's idle
 * timeout as the delay. Ours is 0 (the Engine.IO heartbeat watches liveness), so each check is
 * due at once, wakes the timer thread, and then does nothing: Tyrus's check only closes a session
 * whose timeout is above 0. In an echo that was ~7% of the server's CPU on the timer thread, plus
 * the wake-ups on the threads that received. A check with a delay of 0 or less is therefore not
 * queued at all; every other task (checks with a real timeout, heartbeats) runs as before.
 */
final class TyrusTimer extends ScheduledThreadPoolExecutor {

    /** Tyrus's idle-timeout check (tyrus-core 2.x); a task of any other class is never skipped. */
    static final String IDLE_CHECK_CLASS = "org.glassfish.tyrus.core.TyrusSession$IdleTimeoutCommand";

    private final Predicate<Runnable> noOpWhenDue;
    /** Set once, by the first skip: the diagnostics ask whether the skip works on this container. */
    private volatile boolean skipped;

    TyrusTimer(ThreadFactory threads) {
        this(threads, new ClassNamed(IDLE_CHECK_CLASS));
    }

    /** @param noOpWhenDue the tasks that do nothing when scheduled with no delay */
    TyrusTimer(ThreadFactory threads, Predicate<Runnable> noOpWhenDue) {
        super(1, threads);
        this.noOpWhenDue = noOpWhenDue;
        setRemoveOnCancelPolicy(true); // a check per message, cancelled by the next one
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (delay <= 0 && command != null && noOpWhenDue.test(command)) {
            if (!skipped) skipped = true;
            return Skipped.INSTANCE;
        }
        return super.schedule(command, delay, unit);
    }

    /** Whether a task has been skipped yet (see {@link WebSocketDiagnostics}). */
    boolean hasSkipped() {
        return skipped;
    }

    /** Matches tasks by class name; the class, once seen, by identity (this runs once per message). */
    static final class ClassNamed implements Predicate<Runnable> {
        private final String name;
        private volatile Class<?> seen;

        ClassNamed(String name) {
            this.name = name;
        }

        @Override
        public boolean test(Runnable task) {
            Class<?> type = task.getClass();
            if (type == seen) return true;
            if (!name.equals(type.getName())) return false;
            seen = type;
            return true;
        }
    }

    /** What a skipped task's caller gets: already done, so cancelling it changes nothing. */
    static final class Skipped implements ScheduledFuture<Object> {
        static final Skipped INSTANCE = new Skipped();

        private Skipped() {
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
