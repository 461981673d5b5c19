package dev.sio.cluster.recovery;

import dev.sio.cluster.redis.RedisSettings;
import dev.sio.socketio.recovery.RecoveryLimits;
import dev.sio.socketio.recovery.Restore;
import dev.sio.socketio.recovery.SessionRecord;
import dev.sio.socketio.recovery.StoredPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis store against the local Redis (127.0.0.1:6379), each test under a key prefix of its own;
 * two store instances stand for two nodes.
 */
class RedisRecoveryStoreTest {

    private static final RedisSettings REDIS = new RedisSettings("redis://127.0.0.1:6379", "sio-rec-test",
            Duration.ofSeconds(5), Duration.ofSeconds(2), 10_000);

    private final String prefix = "sio-rec-t" + System.nanoTime();
    private final List<RedisRecoveryStore> stores = new ArrayList<>();

    private RedisRecoveryStore node(RecoveryLimits limits) {
        RedisRecoveryStore store = new RedisRecoveryStore(new RecoveryConnection(REDIS), limits, prefix);
        stores.add(store);
        return store;
    }

    @AfterEach
    void close() {
        RecoveryConnection cleaner = new RecoveryConnection(REDIS);
        for (String key : cleaner.sync().keys(prefix + ":*")) cleaner.sync().del(key);
        cleaner.close();
        stores.forEach(RedisRecoveryStore::close);
    }

    private static StoredPacket event(String room, String text) {
        return new StoredPacket(null, "/chat", room == null ? Set.of() : Set.of(room), Set.of(),
                "42/chat,[\"m\",\"" + text + "\"]", List.of(), 0);
    }

    private static SessionRecord session(String pid, String user, String... rooms) {
        return new SessionRecord(pid, "/chat", "sock-" + pid, user, Set.of(rooms), Map.of("n", 7L, "name", "ann"), 0);
    }

    /** Waits (bounded) until the asynchronous write of a session landed. */
    private static void awaitKept(RedisRecoveryStore store, String pid) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!store.contains("/chat", pid)) {
            if (System.nanoTime() > deadline) throw new AssertionError("session " + pid + " never kept");
            Thread.sleep(5);
        }
    }

    @Test
    void aSessionPersistedOnOneNodeIsRestoredOnAnotherOnceWithItsMissedPacketsInOrder() throws Exception {
        RedisRecoveryStore a = node(RecoveryLimits.of(Duration.ofMinutes(2)));
        RedisRecoveryStore b = node(RecoveryLimits.of(Duration.ofMinutes(2)));
        StoredPacket last = a.add(event("r1", "seen"));
        assertTrue(last.offset().matches("\\d+-\\d+"), last.offset());
        assertEquals("42/chat,[\"m\",\"seen\",\"" + last.offset() + "\"]", last.text());
        a.persist(session("p1", "u1", "sock-p1", "r1"));
        awaitKept(b, "p1");
        StoredPacket m1 = b.add(event("r1", "one"));
        b.add(event("other", "not for it"));
        StoredPacket m2 = a.add(event(null, "two"));
        StoredPacket m3 = b.add(event("r1", "three"));

        Restore restore = b.take("/chat", "p1", last.offset(), "u1", false);

        assertEquals(Restore.Outcome.RESTORED, restore.outcome());
        assertEquals("sock-p1", restore.session().socketId());
        assertEquals(Set.of("sock-p1", "r1"), restore.session().rooms());
        assertEquals(Map.of("n", 7L, "name", "ann"), restore.session().data());
        assertEquals(List.of(m1.text(), m2.text(), m3.text()), restore.missed().stream().map(StoredPacket::text).toList());
        assertEquals(Restore.Outcome.UNKNOWN, a.take("/chat", "p1", last.offset(), "u1", false).outcome());
    }

    @Test
    void anotherUsersRequestLeavesTheSessionForItsOwner() throws Exception {
        RedisRecoveryStore a = node(RecoveryLimits.of(Duration.ofMinutes(2)));
        StoredPacket last = a.add(event("r1", "seen"));
        a.persist(session("p1", "u1", "r1"));
        awaitKept(a, "p1");
        assertEquals(Restore.Outcome.WRONG_USER, a.take("/chat", "p1", last.offset(), "mallory", false).outcome());
        assertEquals(Restore.Outcome.RESTORED, a.take("/chat", "p1", last.offset(), "u1", false).outcome());
    }

    @Test
    void aLateDisconnectOnTheOldNodeDoesNotBringBackASessionRestoredElsewhere() throws Exception {
        RedisRecoveryStore a = node(RecoveryLimits.of(Duration.ofMinutes(2)));
        RedisRecoveryStore b = node(RecoveryLimits.of(Duration.ofMinutes(2)));
        StoredPacket last = a.add(event("r1", "seen"));
        a.track(session("p1", "u1", "r1"));
        awaitKept(b, "p1");
        assertEquals(Restore.Outcome.RESTORED, b.take("/chat", "p1", last.offset(), "u1", false).outcome());
        a.persist(session("p1", "u1", "r1")); // node A only now notices the lost connection
        b.track(session("p1", "u1", "r1", "r2")); // the restored socket on B joins a room
        awaitKept(b, "p1");
        Restore again = b.take("/chat", "p1", last.offset(), "u1", false);
        assertEquals(Set.of("r1", "r2"), again.session().rooms(), "B's state, not A's stale one");
    }

    @Test
    void aSessionIsGoneAfterTheWindow() throws Exception {
        RedisRecoveryStore a = node(RecoveryLimits.of(Duration.ofMillis(300)));
        StoredPacket last = a.add(event("r1", "seen"));
        a.persist(session("p1", "u1", "r1"));
        awaitKept(a, "p1");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (a.contains("/chat", "p1") || a.packets() > 0) {
            if (System.nanoTime() > deadline) throw new AssertionError("still kept after the window");
            Thread.sleep(20);
        }
        assertEquals(Restore.Outcome.UNKNOWN, a.take("/chat", "p1", last.offset(), "u1", false).outcome());
    }

    @Test
    void theStreamIsCappedInCountAndBytesOldestFirst() {
        RecoveryLimits limits = new RecoveryLimits(Duration.ofMinutes(2), false, 1000, 1 << 20, 5, 2_000, 100, Set.of("*"));
        RedisRecoveryStore a = node(limits);
        List<StoredPacket> added = new ArrayList<>();
        for (int i = 0; i < 12; i++) added.add(a.add(event("r", "m" + i)));
        assertEquals(5, a.packets());
        assertTrue(a.bytes() <= 2_000, "bytes " + a.bytes());
        String big = "x".repeat(400); // 64 + 2 * ~420 bytes each: at most two fit in 2,000
        for (int i = 0; i < 3; i++) a.add(event("r", big + i));
        assertEquals(2, a.packets());
        assertTrue(a.bytes() <= 2_000, "bytes " + a.bytes());
        a.persist(session("p1", "u1", "r"));
        // the client's offset was trimmed away: completeness cannot be promised
        assertEquals(Restore.Outcome.OFFSET_UNKNOWN, waitTake(a, "p1", added.get(0).offset()).outcome());
    }

    @Test
    void aSessionThatMissedMoreThanItsBoundStartsAfresh() {
        RecoveryLimits limits = new RecoveryLimits(Duration.ofMinutes(2), false, 3, 1 << 20, 100, 1 << 20, 100, Set.of("*"));
        RedisRecoveryStore a = node(limits);
        StoredPacket last = a.add(event("r", "seen"));
        a.persist(session("p1", "u1", "r"));
        for (int i = 0; i < 4; i++) a.add(event("r", "m" + i));
        assertEquals(Restore.Outcome.TOO_MANY_MISSED, waitTake(a, "p1", last.offset()).outcome());
    }

    @Test
    void binaryAttachmentsComeBackAsTheyWent() {
        RedisRecoveryStore a = node(RecoveryLimits.of(Duration.ofMinutes(2)));
        StoredPacket last = a.add(event("r", "seen"));
        a.persist(session("p1", "u1", "r"));
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        StoredPacket sent = a.add(new StoredPacket(null, "/chat", Set.of("r"), Set.of(),
                "451-/chat,[\"file\",{\"_placeholder\":true,\"num\":0}]", List.of(bytes), 0));
        Restore restore = waitTake(a, "p1", last.offset());
        assertEquals(sent.text(), restore.missed().get(0).text());
        assertArrayEquals(bytes, restore.missed().get(0).attachments().get(0));
    }

    @Test
    void disconnectedSessionsAreCappedPerNamespaceOldestFirstAndConnectedOnesDoNotCount() throws Exception {
        int cap = 5;
        RecoveryLimits limits = new RecoveryLimits(Duration.ofMinutes(2), false, 1000, 1 << 20, 100, 1 << 20, cap, Set.of("*"));
        RedisRecoveryStore a = node(limits);
        RedisRecoveryStore b = node(limits);
        StoredPacket last = a.add(event("r", "seen"));
        a.track(session("live1", "u1", "r")); // connected: kept, but not counted
        b.track(session("live2", "u1", "r"));
        a.persist(new SessionRecord("o1", "/other", "sock-o1", "u1", Set.of("r"), Map.of(), 0));
        awaitKept(a, "live2");
        // cap + 3 disconnections from both nodes, in a known order (each lands before the next is sent)
        for (int i = 0; i < cap + 3; i++) {
            (i % 2 == 0 ? a : b).persist(session("p" + i, "u1", "r"));
            awaitKept(a, "p" + i);
        }

        assertEquals(cap, index("/chat").size());
        assertEquals(List.of("p3", "p4", "p5", "p6", "p7"), index("/chat"));
        for (int i = 0; i < 3; i++) {
            assertFalse(a.contains("/chat", "p" + i), "p" + i + " dropped");
            assertEquals(Restore.Outcome.UNKNOWN, b.take("/chat", "p" + i, last.offset(), "u1", false).outcome());
        }
        // their records went with them, owner keys included: cap + 2 live + 1 in /other are left
        assertEquals(cap + 2 + 1, a.sessions());
        assertEquals(cap + 2 + 1, redisKeys(":owner:*"));
        assertTrue(a.contains("/chat", "live1") && a.contains("/chat", "live2"));
        assertTrue(a.contains("/other", "o1"), "another namespace has its own cap");

        assertEquals(Restore.Outcome.RESTORED, b.take("/chat", "p3", last.offset(), "u1", false).outcome());
        assertEquals(List.of("p4", "p5", "p6", "p7"), index("/chat"), "a restored session leaves the index");

        // a connected socket that disconnects enters the count; the next disconnection then drops the oldest
        a.persist(session("live1", "u1", "r"));
        a.persist(session("p8", "u1", "r"));
        awaitKept(a, "p8");
        assertEquals(List.of("p5", "p6", "p7", "live1", "p8"), index("/chat"));
        assertFalse(a.contains("/chat", "p4"));
        for (String pid : List.of("p5", "p6", "p7", "live1", "p8")) {
            assertEquals(Restore.Outcome.RESTORED, a.take("/chat", pid, last.offset(), "u1", false).outcome(), pid);
        }
        assertEquals(List.of(), index("/chat"));
    }

    @Test
    void indexEntriesOfSessionsExpiredByTheWindowArePruned() throws Exception {
        RecoveryLimits limits = new RecoveryLimits(Duration.ofMillis(2_000), false, 1000, 1 << 20, 100, 1 << 20, 100, Set.of("*"));
        RedisRecoveryStore a = node(limits);
        a.persist(session("p0", "u1", "r"));
        awaitKept(a, "p0");
        Thread.sleep(1_000);
        a.persist(session("p1", "u1", "r")); // keeps the index alive past p0's expiry
        awaitKept(a, "p1");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (a.contains("/chat", "p0")) {
            if (System.nanoTime() > deadline) throw new AssertionError("p0 still kept after the window");
            Thread.sleep(20);
        }
        assertTrue(index("/chat").contains("p0"), "only a later save prunes");
        Thread.sleep(50); // past p0's expiry by more than Redis's millisecond rounding of it
        a.persist(session("p2", "u1", "r"));
        awaitKept(a, "p2");

        List<String> index = index("/chat");
        assertFalse(index.contains("p0"), "p0's record expired: its entry is pruned " + index);
        assertTrue(index.contains("p2"), index.toString());
    }

    /** The pids in the namespace's index of disconnected sessions, oldest first. */
    private List<String> index(String namespace) {
        RecoveryConnection reader = new RecoveryConnection(REDIS);
        try {
            return reader.sync().zrange(prefix + ":disconnected:" + namespace, 0, -1);
        } finally {
            reader.close();
        }
    }

    private int redisKeys(String pattern) {
        RecoveryConnection reader = new RecoveryConnection(REDIS);
        try {
            return reader.sync().keys(prefix + pattern).size();
        } finally {
            reader.close();
        }
    }

    @Test
    void aStoreThatCannotReachRedisFailsFastInsteadOfHanging() {
        RedisSettings nowhere = new RedisSettings("redis://127.0.0.1:1", "x", Duration.ofSeconds(1), Duration.ofMillis(300), 100);
        RedisRecoveryStore down = new RedisRecoveryStore(new RecoveryConnection(nowhere), RecoveryLimits.of(Duration.ofMinutes(2)), prefix);
        stores.add(down);
        long start = System.nanoTime();
        assertThrows(RuntimeException.class, () -> down.add(event("r", "m")));
        assertThrows(RuntimeException.class, () -> down.take("/chat", "p1", "1-0", "u1", false));
        down.persist(session("p1", "u1", "r")); // never throws: fire and forget
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "failed within the timeouts");
    }

    /** take, after the asynchronous persist landed. */
    private static Restore waitTake(RedisRecoveryStore store, String pid, String offset) {
        try {
            awaitKept(store, pid);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return store.take("/chat", pid, offset, "u1", false);
    }
}
