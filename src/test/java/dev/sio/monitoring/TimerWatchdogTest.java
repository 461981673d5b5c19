package dev.sio.monitoring;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TimerWatchdogTest {

    @Test
    void a_timer_blocked_by_a_task_shows_as_lag_and_fails_liveness() throws Exception {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        AtomicLong now = new AtomicLong(0);
        CountDownLatch release = new CountDownLatch(1);
        try (TimerWatchdog watchdog = new TimerWatchdog(timer, now::get)) {
            assertEquals(0, watchdog.lagMillis());
            assertTrue(watchdog.report(30_000).up());

            // a task that never returns holds the only timer thread: ticks stop
            timer.execute(() -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            now.set(TimeUnit.SECONDS.toNanos(45));

            HealthReport report = watchdog.report(30_000);
            assertEquals(44_000, watchdog.lagMillis());
            assertFalse(report.up());
            assertEquals(44_000L, report.data().get("timerLagMillis"));
            assertTrue(String.valueOf(report.data().get("problem")).contains("44000 ms late"));
        } finally {
            release.countDown();
            timer.shutdownNow();
        }
    }

    @Test
    void a_ticking_timer_has_no_lag() throws Exception {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        try (TimerWatchdog watchdog = new TimerWatchdog(timer)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            // watch over more than two periods: a tick is never more than a period late
            while (System.nanoTime() < deadline && timer.getCompletedTaskCount() < 2) Thread.onSpinWait();
            assertTrue(timer.getCompletedTaskCount() >= 2, "ticked twice within 5 s");
            assertTrue(watchdog.lagMillis() < 1_000, "lag " + watchdog.lagMillis());
            assertTrue(watchdog.report(30_000).up());
        } finally {
            timer.shutdownNow();
        }
    }
}
