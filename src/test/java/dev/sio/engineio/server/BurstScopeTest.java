package dev.sio.engineio.server;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BurstScopeTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final EngineServer server = new EngineServer(new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20),
            Duration.ofSeconds(10), 1_000_000, 16, true, EngineConfig.DEFAULT_MAX_QUEUED_BYTES), scheduler, session -> SessionListener.NONE);

    /** Counts its flushes. */
    private static final class Counting implements BurstScope.Member {
        final AtomicInteger flushes = new AtomicInteger();

        @Override
        public void flushBurst() {
            flushes.incrementAndGet();
        }
    }

    @Test
    void without_a_scope_nothing_is_held() {
        assertFalse(BurstScope.hold(new Counting(), server));
    }

    @Test
    void a_member_held_many_times_is_flushed_once_when_the_scope_closes() {
        Counting one = new Counting();
        Counting two = new Counting();
        BurstScope scope = BurstScope.open();
        for (int i = 0; i < 50; i++) {
            assertTrue(BurstScope.hold(one, server));
            assertTrue(BurstScope.hold(two, server));
        }
        assertEquals(0, one.flushes.get());
        scope.close();
        assertEquals(1, one.flushes.get());
        assertEquals(1, two.flushes.get());
        // the thread's scope is gone with it: the next send is written at once
        assertFalse(BurstScope.hold(one, server));
        assertEquals(0, scheduler.pendingTasks(), "the timer is cancelled");
    }

    @Test
    void scopes_do_not_nest_the_outer_one_flushes() {
        Counting member = new Counting();
        BurstScope outer = BurstScope.open();
        assertNull(BurstScope.open());
        assertTrue(BurstScope.hold(member, server));
        outer.close();
        assertEquals(1, member.flushes.get());
    }

    @Test
    void a_sender_that_blocks_does_not_hold_its_answers_longer_than_the_timer() {
        Counting member = new Counting();
        BurstScope scope = BurstScope.open();
        try {
            assertTrue(BurstScope.hold(member, server));
            scheduler.advanceMillis(BurstScope.MAX_HOLD_MILLIS - 1);
            assertEquals(0, member.flushes.get());
            scheduler.advanceMillis(1);
            assertEquals(1, member.flushes.get(), "flushed by the timer while the scope is still open");
            // later sends in the same scope are held again, and flushed at its end
            assertTrue(BurstScope.hold(member, server));
        } finally {
            scope.close();
        }
        assertEquals(2, member.flushes.get());
    }

    @Test
    void one_member_that_fails_does_not_keep_the_others_held() {
        List<String> flushed = new ArrayList<>();
        BurstScope scope = BurstScope.open();
        BurstScope.hold(() -> {
            throw new IllegalStateException("gone");
        }, server);
        BurstScope.hold(() -> flushed.add("second"), server);
        scope.close();
        assertEquals(List.of("second"), flushed);
    }

    @Test
    void a_scope_is_per_thread() throws Exception {
        Counting member = new Counting();
        BurstScope scope = BurstScope.open();
        try {
            boolean[] heldElsewhere = new boolean[1];
            Thread other = new Thread(() -> heldElsewhere[0] = BurstScope.hold(member, server));
            other.start();
            other.join(10_000);
            assertFalse(heldElsewhere[0], "another thread's sends are not held by this scope");
        } finally {
            scope.close();
        }
    }
}
