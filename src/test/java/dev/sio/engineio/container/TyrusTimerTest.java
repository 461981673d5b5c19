package dev.sio.engineio.container;

import dev.sio.engineio.websocket.WebSocketDiagnostics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TyrusTimerTest {

    /** Stands for Tyrus's idle check in the tests that inject the predicate. */
    private static final class IdleCheck implements Runnable {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public void run() {
            runs.incrementAndGet();
        }
    }

    private final TyrusTimer timer = new TyrusTimer(Thread::new, task -> task instanceof IdleCheck);

    @AfterEach
    void stop() {
        timer.shutdownNow();
        WebSocketDiagnostics.plainTimerInstalled(null);
    }

    @Test
    void diagnostics_report_the_containers_timer_until_ours_is_installed_and_skipping() {
        assertEquals(WebSocketDiagnostics.TimerHandling.CONTAINER_SCHEDULER, WebSocketDiagnostics.timerHandling());
        TyrusTimer skipping = new TyrusTimer(Thread::new, task -> true);
        try {
            WebSocketDiagnostics.plainTimerInstalled(skipping::hasSkipped);
            assertEquals(WebSocketDiagnostics.TimerHandling.PLAIN_SCHEDULER, WebSocketDiagnostics.timerHandling());
            skipping.schedule(() -> { }, 0, TimeUnit.MILLISECONDS);
            assertEquals(WebSocketDiagnostics.TimerHandling.PLAIN_SCHEDULER_SKIPPING_IDLE_CHECKS, WebSocketDiagnostics.timerHandling());
        } finally {
            skipping.shutdownNow();
        }
    }

    @Test
    void the_idle_check_class_it_skips_exists_in_tyrus() {
        assertDoesNotThrow(() -> Class.forName(TyrusTimer.IDLE_CHECK_CLASS));
    }

    @Test
    void an_idle_check_due_at_once_is_not_queued_and_never_runs() throws InterruptedException {
        IdleCheck check = new IdleCheck();
        assertFalse(timer.hasSkipped());
        ScheduledFuture<?> future = timer.schedule(check, 0, TimeUnit.MILLISECONDS);

        assertSame(TyrusTimer.Skipped.INSTANCE, future);
        assertTrue(timer.hasSkipped(), "the diagnostics see that the skip works");
        assertTrue(future.isDone());
        assertFalse(future.cancel(true), "cancelling the stand-in changes nothing");
        assertTrue(timer.getQueue().isEmpty());
        // The timer has one thread and runs tasks due at the same time in order: once a task
        // scheduled after the skipped check has run, the check would have run before it.
        CountDownLatch later = new CountDownLatch(1);
        timer.schedule(later::countDown, 0, TimeUnit.MILLISECONDS);
        assertTrue(later.await(5, TimeUnit.SECONDS), "the timer runs the task scheduled after the check");
        assertEquals(0, check.runs.get());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (timer.getCompletedTaskCount() < 1 && System.nanoTime() < until) Thread.sleep(1); // counted just after the task returns
        assertEquals(1, timer.getCompletedTaskCount(), "only the later task ran");
    }

    @Test
    void an_idle_check_with_a_timeout_is_scheduled_and_runs() throws InterruptedException {
        IdleCheck check = new IdleCheck();
        ScheduledFuture<?> future = timer.schedule(check, 20, TimeUnit.MILLISECONDS);

        assertNotSame(TyrusTimer.Skipped.INSTANCE, future);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (check.runs.get() == 0 && System.nanoTime() < until) Thread.sleep(5);
        assertEquals(1, check.runs.get());
        assertFalse(timer.hasSkipped(), "a check with a delay is not a skip");
    }

    @Test
    void other_tasks_due_at_once_still_run() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        timer.schedule(ran::countDown, 0, TimeUnit.MILLISECONDS);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
    }

    @Test
    void by_default_only_tyrus_idle_checks_are_skipped() throws InterruptedException {
        TyrusTimer real = new TyrusTimer(Thread::new);
        try {
            IdleCheck notTyrus = new IdleCheck();
            ScheduledFuture<?> future = real.schedule(notTyrus, 0, TimeUnit.MILLISECONDS);
            assertNotSame(TyrusTimer.Skipped.INSTANCE, future);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (notTyrus.runs.get() == 0 && System.nanoTime() < until) Thread.sleep(5);
            assertEquals(1, notTyrus.runs.get());
        } finally {
            real.shutdownNow();
        }
    }

    @Test
    void tasks_are_matched_by_class_name() {
        TyrusTimer.ClassNamed predicate = new TyrusTimer.ClassNamed(IdleCheck.class.getName());
        assertTrue(predicate.test(new IdleCheck()));
        assertTrue(predicate.test(new IdleCheck()), "again, now by the class seen before");
        assertFalse(predicate.test(() -> { }));
    }

    @Test
    void cancelled_checks_leave_the_queue() {
        IdleCheck check = new IdleCheck();
        ScheduledFuture<?> future = timer.schedule(check, 1, TimeUnit.HOURS);
        assertEquals(1, timer.getQueue().size());
        future.cancel(false);
        assertTrue(timer.getQueue().isEmpty());
    }
}
