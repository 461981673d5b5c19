package dev.sio.engineio.server;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-address count under concurrent acquire and release (review item: a release that drops
 * the address's counter at zero while an acquire is incrementing it loses that acquire).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConnectionLimitsRaceTest {

    private static final String ADDRESS = "10.0.0.1";
    private static final int MAX = 2;

    @Test
    void concurrent_opens_and_closes_from_one_address_never_hold_more_than_the_limit_and_leave_the_count_exact()
            throws Exception {
        ConnectionLimits limits = new ConnectionLimits(0, MAX);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 2_000_000 && System.nanoTime() < deadline; i++) {
                        if (limits.tryAcquire(ADDRESS) != null) continue;
                        mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                        held.decrementAndGet();
                        limits.release(ADDRESS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        assertTrue(done.await(20, TimeUnit.SECONDS));

        assertTrue(mostHeld.get() <= MAX, "held " + mostHeld.get() + " places at once with a limit of " + MAX);
        // every place was given back: exactly MAX can be taken now, and no more
        for (int i = 0; i < MAX; i++) assertNull(limits.tryAcquire(ADDRESS), "place " + (i + 1));
        assertSame(ConnectionLimits.Refusal.TOO_MANY_FROM_ADDRESS, limits.tryAcquire(ADDRESS));
        assertEquals(MAX, limits.open());
    }
}
