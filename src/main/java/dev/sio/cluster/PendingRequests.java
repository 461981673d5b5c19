package dev.sio.cluster;

import dev.sio.cluster.wire.RequestType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The cluster requests of one namespace that still wait for answers, by request id.
 *
 * <p>Two kinds: a <em>collected</em> request ({@link #collect}) expects a known number of answers
 * (the other servers, counted with NUMSUB before publishing) and completes its future with them, or
 * fails after its timeout with Node's message and the answers that did arrive; a <em>listened</em>
 * request ({@link #listen}, a broadcast with acknowledgements) passes each answer on as it comes and
 * is forgotten after its time to live, because only the caller knows how many client answers to
 * expect. Answers to unknown ids (another node's request, or one that timed out) are dropped.
 *
 * <p>Bounded: beyond {@code limit} waiting requests a new one fails at once, so a Redis that
 * swallows requests cannot grow this map without end. Thread-safe; futures complete and listeners
 * run on the thread that delivers the answer (the cluster thread) or on the scheduler (timeouts).
 */
public final class PendingRequests {

    private final RequestStats stats;

    public static final int DEFAULT_LIMIT = 10_000;

    private final ScheduledExecutorService scheduler;
    private final int limit;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public PendingRequests(ScheduledExecutorService scheduler, int limit) {
        this(scheduler, limit, new RequestStats());
    }

    /** @param stats where answered and timed-out requests are counted (the node's, shared by its namespaces) */
    public PendingRequests(ScheduledExecutorService scheduler, int limit, RequestStats stats) {
        this.stats = stats;
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        this.scheduler = scheduler;
        this.limit = limit;
    }

    /**
     * Waits for {@code expected} answers. With none expected the future is complete at once (a
     * cluster of one). The id must not be in use.
     */
    public CompletableFuture<List<Object>> collect(String requestId, RequestType type, int expected, Duration timeout) {
        CompletableFuture<List<Object>> future = new CompletableFuture<>();
        if (expected <= 0) {
            future.complete(List.of());
            return future;
        }
        Collected entry = new Collected(type, expected, future);
        if (!register(requestId, entry, future)) return future;
        entry.timeout = scheduler.schedule(() -> expire(requestId, entry), timeout.toMillis(), TimeUnit.MILLISECONDS);
        return future;
    }

    /**
     * Passes every answer to {@code listener} until {@code ttl} has passed; then the id is forgotten
     * (answers still on their way are dropped, as Node does).
     *
     * @return false when the map is full: the request must not be published
     */
    public boolean listen(String requestId, RequestType type, Consumer<Object> listener, Duration ttl) {
        Listened entry = new Listened(type, listener);
        if (!register(requestId, entry, null)) return false;
        entry.timeout = scheduler.schedule(() -> entries.remove(requestId, entry), ttl.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    private boolean register(String requestId, Entry entry, CompletableFuture<?> future) {
        // the size check and the insert are not atomic together: the bound may be passed by a few
        // concurrent callers, which is fine for a guard against growth without end
        if (entries.size() >= limit) {
            if (future != null) {
                future.completeExceptionally(new IllegalStateException(
                        "too many cluster requests waiting for answers (" + limit + "); refused"));
            }
            return false;
        }
        if (entries.putIfAbsent(requestId, entry) != null) {
            throw new IllegalArgumentException("request id in use: " + requestId);
        }
        return true;
    }

    /** The type of the waiting request with this id, or null (the codecs read untyped answers with it). */
    public RequestType typeOf(String requestId) {
        Entry e = entries.get(requestId);
        return e == null ? null : e.type;
    }

    /**
     * One answer to a waiting request.
     *
     * @return false when no request waits under this id: the answer was dropped
     */
    public boolean answer(String requestId, Object answer) {
        Entry e = entries.get(requestId);
        if (e == null) return false;
        if (e instanceof Listened l) {
            l.listener.accept(answer);
            return true;
        }
        Collected c = (Collected) e;
        List<Object> done;
        synchronized (c) {
            if (c.finished) return false;
            c.answers.add(answer);
            if (c.answers.size() < c.expected) return true;
            c.finished = true;
            done = List.copyOf(c.answers);
        }
        entries.remove(requestId, c);
        if (c.timeout != null) c.timeout.cancel(false);
        stats.answered(System.nanoTime() - c.startNanos);
        c.future.complete(done);
        return true;
    }

    private void expire(String requestId, Collected c) {
        List<Object> partial;
        synchronized (c) {
            if (c.finished) return;
            c.finished = true;
            partial = List.copyOf(c.answers);
        }
        entries.remove(requestId, c);
        stats.countTimeout();
        c.future.completeExceptionally(new ClusterRequestTimeoutException(partial.size(), c.expected, partial));
    }

    /** How many requests wait. */
    public int size() {
        return entries.size();
    }

    /** Fails every collected request and forgets every listened one (the adapter closes). */
    public void cancelAll(String reason) {
        for (var id : List.copyOf(entries.keySet())) {
            Entry e = entries.remove(id);
            if (e == null) continue;
            if (e.timeout != null) e.timeout.cancel(false);
            if (e instanceof Collected c) {
                synchronized (c) {
                    if (c.finished) continue;
                    c.finished = true;
                }
                c.future.completeExceptionally(new IllegalStateException(reason));
            }
        }
    }

    private abstract static class Entry {
        final RequestType type;
        volatile ScheduledFuture<?> timeout;

        Entry(RequestType type) {
            this.type = type;
        }
    }

    private static final class Collected extends Entry {
        final int expected;
        final CompletableFuture<List<Object>> future;
        final List<Object> answers = new ArrayList<>();
        final long startNanos = System.nanoTime();
        boolean finished;

        Collected(RequestType type, int expected, CompletableFuture<List<Object>> future) {
            super(type);
            this.expected = expected;
            this.future = future;
        }
    }

    private static final class Listened extends Entry {
        final Consumer<Object> listener;

        Listened(RequestType type, Consumer<Object> listener) {
            super(type);
            this.listener = listener;
        }
    }
}
