package dev.sio.engineio.polling;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Starts async requests and ends them (complete or dispatch) from any thread, but never while the
 * container thread that started one is still inside the container with it.
 *
 * <p>Why: Payara completes (or dispatches) at once when asked from another thread, even while the
 * thread that called {@code startAsync} is still on its way out of the container; it then recycles
 * the request under that thread ("Internal Response has not been set"), and the recycled objects
 * later break unrelated connections (a WebSocket that never gets its open packet). That happens
 * whenever an answer is ready within microseconds: a body that arrived whole, a poll answered by a
 * broadcast as it parks. The Servlet API says when that thread has left: from then on
 * {@link AsyncContext#setTimeout} throws {@link IllegalStateException}. Until then an ending is
 * retried on this class's timer, first after {@value #RETRY_MICROS} microseconds, then less and less
 * often (at most every {@value #MAX_RETRY_MICROS}); its one thread never waits on a client.
 */
final class AsyncEnds {

    static final long RETRY_MICROS = 200;
    static final long MAX_RETRY_MICROS = 20_000;
    /**
     * A thread cannot take this long to leave the container; if it seems to, end anyway (a safety
     * net: both Payara and WildFly refuse setTimeout once it left). Ending under a thread that is
     * still inside loses the answer (the client waits out its request timeout), and a starved
     * thread takes its time: over 200 ms was seen on CI, and a poll answer was lost on a loaded
     * machine when this was 2 s. So the net is far: a client's poll waits this long only if the
     * container never says the thread left.
     */
    static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ScheduledThreadPoolExecutor timer;
    private final long giveUpNanos;

    AsyncEnds() {
        this(GIVE_UP_NANOS);
    }

    /** With another safety net than {@link #GIVE_UP_NANOS} (tests). */
    AsyncEnds(long giveUpNanos) {
        this.giveUpNanos = giveUpNanos;
        timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "socketio-polling-async-end");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** On the container thread serving {@code request}: starts async mode with this timeout. */
    Handle start(HttpServletRequest request, long timeoutMillis) {
        AsyncContext async = request.startAsync();
        async.setTimeout(timeoutMillis);
        return new Handle(async, timeoutMillis, Thread.currentThread());
    }

    void shutdown() {
        timer.shutdownNow();
    }

    /** One started async request. */
    final class Handle {
        private final AsyncContext async;
        private final long timeoutMillis;
        private final Thread starter;

        private Handle(AsyncContext async, long timeoutMillis, Thread starter) {
            this.async = async;
            this.timeoutMillis = timeoutMillis;
            this.starter = starter;
        }

        AsyncContext async() {
            return async;
        }

        /** From any thread: completes the request as soon as that is safe. */
        void complete() {
            end(async::complete, System.nanoTime(), RETRY_MICROS);
        }

        /** From any thread: dispatches the request again as soon as that is safe. */
        void dispatch() {
            end(async::dispatch, System.nanoTime(), RETRY_MICROS);
        }

        private void end(Runnable action, long since, long retryMicros) {
            if (Thread.currentThread() == starter || starterLeft() || System.nanoTime() - since > giveUpNanos) {
                try {
                    action.run();
                } catch (RuntimeException gone) {
                    // completed meanwhile (the container timed it out, the client left): nothing to end
                }
                return;
            }
            try {
                long next = Math.min(retryMicros * 2, MAX_RETRY_MICROS);
                timer.schedule(() -> end(action, since, next), retryMicros, TimeUnit.MICROSECONDS);
            } catch (RejectedExecutionException shutDown) {
                // undeployed: the container ends its requests itself
            }
        }

        /** True once the starting thread returned the request to the container (see the class comment). */
        private boolean starterLeft() {
            try {
                async.setTimeout(timeoutMillis);
                return false;
            } catch (IllegalStateException left) {
                return true;
            }
        }
    }
}
