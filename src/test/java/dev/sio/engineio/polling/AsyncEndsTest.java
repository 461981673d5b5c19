package dev.sio.engineio.polling;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule Payara needs (see {@link AsyncEnds}): an async request is ended from another thread only
 * after the thread that started it has returned it to the container, which a container tells by
 * refusing {@code setTimeout} from then on. A fake AsyncContext plays the container.
 */
class AsyncEndsTest {

    private static final long GIVE_UP_MILLIS = 1000;
    private final AsyncEnds ends = new AsyncEnds(TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MILLIS));
    /** The container's view: still inside the starting dispatch until the test says otherwise. */
    private final AtomicBoolean starterInside = new AtomicBoolean(true);
    private final AtomicInteger completions = new AtomicInteger();
    private final AtomicInteger dispatches = new AtomicInteger();
    private final AtomicReference<Boolean> insideWhenEnded = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    @AfterEach
    void stop() {
        ends.shutdown();
    }

    @Test
    void aCompletionFromAnotherThreadWaitsUntilTheStartingThreadHasLeft() throws Exception {
        AsyncEnds.Handle handle = ends.start(request(), 5000);
        Thread other = new Thread(handle::complete);
        other.start();
        other.join();
        assertEquals(0, completions.get(), "ended while the starting thread was still inside");
        starterInside.set(false);
        assertTrue(ended.await(2, TimeUnit.SECONDS), "never ended after the starting thread left");
        assertEquals(1, completions.get());
        assertEquals(Boolean.FALSE, insideWhenEnded.get());
    }

    @Test
    void aDispatchFromAnotherThreadAfterTheStartingThreadLeftHappensAtOnce() throws Exception {
        AsyncEnds.Handle handle = ends.start(request(), 5000);
        starterInside.set(false);
        Thread other = new Thread(handle::dispatch);
        other.start();
        other.join();
        assertEquals(1, dispatches.get(), "a safe dispatch was delayed");
    }

    @Test
    void theStartingThreadItselfEndsAtOnceBecauseTheContainerDefersThat() {
        AsyncEnds.Handle handle = ends.start(request(), 5000);
        handle.complete();
        assertEquals(1, completions.get());
        assertEquals(Boolean.TRUE, insideWhenEnded.get());
    }

    @Test
    void aStarterThatTakesSecondsToLeaveIsWaitedForByDefault() throws Exception {
        AsyncEnds patient = new AsyncEnds();
        try {
            AsyncEnds.Handle handle = patient.start(request(), 60_000);
            Thread other = new Thread(handle::dispatch);
            other.start();
            other.join();
            // a starved container thread (seen on loaded machines): 2.5 s, more than the old net
            assertTrue(!ended.await(2500, TimeUnit.MILLISECONDS), "ended under a thread that was still inside");
            starterInside.set(false);
            assertTrue(ended.await(2, TimeUnit.SECONDS), "never ended after the starting thread left");
            assertEquals(Boolean.FALSE, insideWhenEnded.get());
            assertTrue(AsyncEnds.GIVE_UP_NANOS >= TimeUnit.SECONDS.toNanos(30));
        } finally {
            patient.shutdown();
        }
    }

    @Test
    void aContainerThatNeverSaysSoIsEndedAfterABoundedWait() throws Exception {
        AsyncEnds.Handle handle = ends.start(request(), 5000);
        long start = System.nanoTime();
        Thread other = new Thread(handle::complete);
        other.start();
        long limitMillis = GIVE_UP_MILLIS;
        assertTrue(ended.await(limitMillis + 3000, TimeUnit.MILLISECONDS), "a request whose starter never leaves must still end");
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waitedMillis >= limitMillis - 50 && waitedMillis < limitMillis + 2500, "waited " + waitedMillis + " ms");
        assertEquals(1, completions.get());
    }

    private HttpServletRequest request() {
        AsyncContext async = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setTimeout" -> {
                        if (!starterInside.get()) throw new IllegalStateException("the dispatch returned");
                        yield null;
                    }
                    case "complete" -> {
                        end(completions);
                        yield null;
                    }
                    case "dispatch" -> {
                        end(dispatches);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("startAsync")) return async;
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private void end(AtomicInteger counter) {
        insideWhenEnded.set(starterInside.get());
        counter.incrementAndGet();
        ended.countDown();
    }
}
