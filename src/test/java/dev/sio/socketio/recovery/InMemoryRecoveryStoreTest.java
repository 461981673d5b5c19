package dev.sio.socketio.recovery;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class InMemoryRecoveryStoreTest {

    private static final String NSP = "/chat";
    private final AtomicLong now = new AtomicLong(1_000_000);

    private InMemoryRecoveryStore store(int sessionPackets, long sessionBytes, int packets, long bytes, int sessions) {
        return new InMemoryRecoveryStore(new RecoveryLimits(Duration.ofSeconds(2), false, sessionPackets, sessionBytes,
                packets, bytes, sessions, Set.of("*")), now::get);
    }

    private InMemoryRecoveryStore store() {
        return store(1_000, 1 << 20, 50_000, 32 << 20, 10_000);
    }

    private static String send(RecoveryStore store, String text, Set<String> rooms, Set<String> except) {
        String offset = store.nextOffset();
        store.append(new StoredPacket(offset, NSP, rooms, except, text, List.of(), 0));
        return offset;
    }

    private static String send(RecoveryStore store, String text) {
        return send(store, text, Set.of(), Set.of());
    }

    private static SessionRecord session(String pid, String user, String... rooms) {
        return new SessionRecord(pid, NSP, "sid-" + pid, user, Set.of(rooms), Map.of("k", "v"), 0);
    }

    private static List<String> texts(Restore restore) {
        return restore.missed().stream().map(StoredPacket::text).toList();
    }

    @Test
    void offsets_are_unique_and_differ_between_stores() {
        InMemoryRecoveryStore a = store();
        InMemoryRecoveryStore b = store();
        String first = a.nextOffset();
        assertNotEquals(first, a.nextOffset());
        assertNotEquals(first, b.nextOffset(), "a restarted server never matches an old offset");
    }

    @Test
    void a_session_gets_back_the_packets_after_its_offset_for_its_rooms_in_order() {
        InMemoryRecoveryStore store = store();
        String last = send(store, "seen");
        store.persist(session("p1", "alice", "sid-p1", "room-a"));
        send(store, "to-all");
        send(store, "to-a", Set.of("room-a"), Set.of());
        send(store, "to-b", Set.of("room-b"), Set.of());
        send(store, "all-but-a", Set.of(), Set.of("room-a"));
        send(store, "to-me", Set.of("sid-p1"), Set.of());
        store.append(new StoredPacket(store.nextOffset(), "/other", Set.of(), Set.of(), "other-namespace", List.of(), 0));

        Restore restore = store.take(NSP, "p1", last, "alice", false);

        assertTrue(restore.restored());
        assertEquals(List.of("to-all", "to-a", "to-me"), texts(restore));
        assertEquals("sid-p1", restore.session().socketId());
        assertEquals(Set.of("sid-p1", "room-a"), restore.session().rooms());
        assertEquals(Map.of("k", "v"), restore.session().data());
    }

    @Test
    void a_session_is_restored_at_most_once() {
        InMemoryRecoveryStore store = store();
        String last = send(store, "seen");
        store.persist(session("p1", "alice"));

        assertTrue(store.take(NSP, "p1", last, "alice", false).restored());
        assertEquals(Restore.Outcome.UNKNOWN, store.take(NSP, "p1", last, "alice", false).outcome());
        assertEquals(0, store.sessions());
    }

    @Test
    void another_user_cannot_take_a_session_and_the_owner_still_can() {
        InMemoryRecoveryStore store = store();
        String last = send(store, "seen");
        store.persist(session("p1", "alice"));

        assertEquals(Restore.Outcome.WRONG_USER, store.take(NSP, "p1", last, "mallory", false).outcome());
        assertEquals(Restore.Outcome.WRONG_USER, store.take(NSP, "p1", last, null, false).outcome(), "an anonymous socket neither");
        assertTrue(store.take(NSP, "p1", last, "alice", false).restored());
    }

    @Test
    void a_session_of_another_namespace_or_a_forged_pid_is_unknown() {
        InMemoryRecoveryStore store = store();
        String last = send(store, "seen");
        store.persist(session("p1", "alice"));

        assertEquals(Restore.Outcome.UNKNOWN, store.take("/", "p1", last, "alice", false).outcome());
        assertEquals(Restore.Outcome.UNKNOWN, store.take(NSP, "forged", last, "alice", false).outcome());
    }

    @Test
    void a_session_expires_with_the_window_and_old_packets_go_too() {
        InMemoryRecoveryStore store = store();
        String last = send(store, "seen");
        store.persist(session("p1", "alice"));
        store.persist(session("p2", "bob"));
        now.addAndGet(2_001);

        assertEquals(Restore.Outcome.UNKNOWN, store.take(NSP, "p1", last, "alice", false).outcome());
        store.expire();
        assertEquals(0, store.sessions());
        assertEquals(0, store.packets());
        assertEquals(0, store.bytes());
    }

    @Test
    void a_session_just_inside_the_window_is_restored() {
        InMemoryRecoveryStore store = store();
        String last = send(store, "seen");
        store.persist(session("p1", "alice"));
        now.addAndGet(2_000);

        assertTrue(store.take(NSP, "p1", last, "alice", false).restored());
    }

    @Test
    void an_offset_no_longer_in_the_log_refuses_the_session_rather_than_miss_packets() {
        InMemoryRecoveryStore store = store(1_000, 1 << 20, 3, 32 << 20, 10);
        String last = send(store, "seen");
        store.persist(session("p1", "alice"));
        for (int i = 0; i < 3; i++) send(store, "m" + i); // pushes "seen" out

        assertEquals(3, store.packets());
        assertEquals(Restore.Outcome.OFFSET_UNKNOWN, store.take(NSP, "p1", last, "alice", false).outcome());
        assertEquals(0, store.sessions(), "the session is used up: its client starts afresh");
    }

    @Test
    void the_log_is_bounded_in_bytes() {
        InMemoryRecoveryStore store = store(1_000, 1 << 20, 50_000, 10_000, 10);
        for (int i = 0; i < 100; i++) send(store, "x".repeat(1_000));

        assertTrue(store.bytes() <= 10_000, "bytes " + store.bytes());
        assertTrue(store.packets() >= 4 && store.packets() < 5, "packets " + store.packets());
    }

    @Test
    void a_session_that_missed_more_than_its_bound_is_not_restored() {
        InMemoryRecoveryStore store = store(3, 1 << 20, 50_000, 32 << 20, 10);
        String last = send(store, "seen");
        store.persist(session("p1", "alice"));
        store.persist(session("p2", "bob"));
        for (int i = 0; i < 4; i++) send(store, "m" + i);

        assertEquals(Restore.Outcome.TOO_MANY_MISSED, store.take(NSP, "p1", last, "alice", false).outcome());
    }

    @Test
    void a_session_that_missed_more_bytes_than_its_bound_is_not_restored() {
        InMemoryRecoveryStore store = store(1_000, 5_000, 50_000, 32 << 20, 10);
        String last = send(store, "seen");
        store.persist(session("p1", "alice"));
        for (int i = 0; i < 3; i++) send(store, "x".repeat(1_000));

        assertEquals(Restore.Outcome.TOO_MANY_MISSED, store.take(NSP, "p1", last, "alice", false).outcome());
    }

    @Test
    void sessions_are_bounded_in_number_the_oldest_going_first() {
        InMemoryRecoveryStore store = store(1_000, 1 << 20, 50_000, 32 << 20, 2);
        String last = send(store, "seen");
        store.persist(session("p1", "alice"));
        store.persist(session("p2", "bob"));
        store.persist(session("p3", "carol"));

        assertEquals(2, store.sessions());
        assertFalse(store.contains(NSP, "p1"));
        assertTrue(store.take(NSP, "p3", last, "carol", false).restored());
    }

    @Test
    void any_user_may_take_it_when_asked_to_skip_the_check() {
        InMemoryRecoveryStore store = store();
        String last = send(store, "seen");
        store.persist(session("p1", "alice"));

        assertTrue(store.take(NSP, "p1", last, null, true).restored());
    }
}
