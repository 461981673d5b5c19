package dev.sio.cluster;

import dev.sio.cluster.wire.RequestType;
import dev.sio.engineio.server.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingRequestsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final RequestStats stats = new RequestStats();
    private final PendingRequests pending = new PendingRequests(scheduler, 3, stats);

    @Test
    void aRequestCompletesWithItsAnswersOnceTheExpectedNumberArrived() throws Exception {
        CompletableFuture<List<Object>> f = pending.collect("r1", RequestType.REMOTE_FETCH, 2, TIMEOUT);
        assertEquals(RequestType.REMOTE_FETCH, pending.typeOf("r1"));
        assertTrue(pending.answer("r1", "a"));
        assertFalse(f.isDone());
        assertTrue(pending.answer("r1", "b"));
        assertEquals(List.of("a", "b"), f.get());
        assertEquals(0, pending.size(), "the entry is removed");
        assertEquals(0, scheduler.pendingTasks(), "the timeout is cancelled");
        assertNull(pending.typeOf("r1"));
        assertEquals(1, stats.answered(), "counted for monitoring");
        assertTrue(stats.answeredNanos() > 0 && stats.maxNanos() == stats.answeredNanos());
        assertEquals(0, stats.timedOut());
    }

    @Test
    void aRequestExpectingNoAnswerCompletesAtOnce() throws Exception {
        CompletableFuture<List<Object>> f = pending.collect("r1", RequestType.ALL_ROOMS, 0, TIMEOUT);
        assertEquals(List.of(), f.get());
        assertEquals(0, pending.size());
    }

    @Test
    void aTimeoutFailsWithNodesMessageAndKeepsThePartialAnswers() {
        CompletableFuture<List<Object>> f = pending.collect("r1", RequestType.SERVER_SIDE_EMIT, 3, TIMEOUT);
        pending.answer("r1", "only");
        scheduler.advance(TIMEOUT.minusMillis(1));
        assertFalse(f.isDone());
        scheduler.advance(Duration.ofMillis(1));
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        ClusterRequestTimeoutException timeout = assertInstanceOf(ClusterRequestTimeoutException.class, e.getCause());
        assertEquals("timeout reached: only 1 responses received out of 3", timeout.getMessage());
        assertEquals(List.of("only"), timeout.partialAnswers());
        assertEquals(0, pending.size());
        assertFalse(pending.answer("r1", "late"), "a late answer is dropped");
        assertEquals(1, stats.timedOut(), "counted for monitoring");
        assertEquals(0, stats.answered());
    }

    @Test
    void answersToUnknownIdsAreDropped() {
        assertFalse(pending.answer("nobody", "x"));
        assertNull(pending.typeOf("nobody"));
    }

    @Test
    void beyondTheLimitANewRequestFailsAtOnce() {
        for (int i = 0; i < 3; i++) pending.collect("r" + i, RequestType.REMOTE_FETCH, 1, TIMEOUT);
        CompletableFuture<List<Object>> refused = pending.collect("r3", RequestType.REMOTE_FETCH, 1, TIMEOUT);
        ExecutionException e = assertThrows(ExecutionException.class, refused::get);
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertFalse(pending.listen("r4", RequestType.BROADCAST, a -> { }, TIMEOUT), "listening is refused too");
        assertEquals(3, pending.size());
        pending.answer("r0", "x");
        assertFalse(pending.collect("r5", RequestType.REMOTE_FETCH, 1, TIMEOUT).isDone(), "room again once one completed");
    }

    @Test
    void aListenedRequestPassesEachAnswerOnUntilItsTimeToLive() {
        List<Object> seen = new ArrayList<>();
        assertTrue(pending.listen("b1", RequestType.BROADCAST, seen::add, TIMEOUT));
        assertEquals(RequestType.BROADCAST, pending.typeOf("b1"));
        pending.answer("b1", 2L);
        pending.answer("b1", "ack-1");
        pending.answer("b1", "ack-2");
        assertEquals(List.of(2L, "ack-1", "ack-2"), seen);
        scheduler.advance(TIMEOUT);
        assertEquals(0, pending.size());
        assertFalse(pending.answer("b1", "late"));
        assertEquals(3, seen.size());
    }

    @Test
    void aReusedIdIsAProgrammingError() {
        pending.collect("r1", RequestType.REMOTE_FETCH, 1, TIMEOUT);
        assertThrows(IllegalArgumentException.class, () -> pending.collect("r1", RequestType.REMOTE_FETCH, 1, TIMEOUT));
    }

    @Test
    void cancellingFailsWhatWaits() {
        CompletableFuture<List<Object>> f = pending.collect("r1", RequestType.REMOTE_FETCH, 1, TIMEOUT);
        pending.listen("b1", RequestType.BROADCAST, a -> { }, TIMEOUT);
        pending.cancelAll("adapter closed");
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertEquals("adapter closed", e.getCause().getMessage());
        assertEquals(0, pending.size());
        assertEquals(0, scheduler.pendingTasks());
    }
}
