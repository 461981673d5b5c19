package dev.sio.engineio.container;

import dev.sio.engineio.websocket.ContainerHooks;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release of a closed connection's upgrade handler, against fake objects shaped like Tyrus's
 * and Catalina's (same field names), on a timer the test steps by hand.
 */
class UpgradeHandlerReleaseTest {

    // ---- fakes: the chain remote -> web socket -> protocol handler -> writer -> handler -> web connection -> request ----

    static final class Request {
        volatile Object httpUpgradeHandler;
        boolean upgrade = true;
    }

    static final class WebConnection {
        final Request request;

        WebConnection(Request request) {
            this.request = request;
        }
    }

    static final class Handler {
        final WebConnection wc;

        Handler(Request request) {
            this.wc = new WebConnection(request);
        }
    }

    /** Tyrus 2.1 puts a proxy between its writer and the handler the container made. */
    static final class HandlerProxy {
        final Handler handler;

        HandlerProxy(Handler handler) {
            this.handler = handler;
        }
    }

    static final class Writer {
        final Object tyrusHttpUpgradeHandler;

        Writer(Object handler) {
            this.tyrusHttpUpgradeHandler = handler;
        }
    }

    static final class ProtocolHandler {
        final Writer writer;

        ProtocolHandler(Writer writer) {
            this.writer = writer;
        }
    }

    static final class WebSocket {
        final ProtocolHandler protocolHandler;

        WebSocket(ProtocolHandler protocolHandler) {
            this.protocolHandler = protocolHandler;
        }
    }

    static final class Remote {
        final WebSocket webSocket;

        Remote(Object handler) {
            this.webSocket = new WebSocket(new ProtocolHandler(new Writer(handler)));
        }
    }

    /** A connection's remote endpoint whose handler the request holds. */
    private static Remote upgraded(Request request, Handler handler) {
        request.httpUpgradeHandler = handler;
        return new Remote(handler);
    }

    /** The timer: tasks wait here until the test runs them; delays are recorded. */
    private static final class SteppedTimer implements ContainerHooks.Later {
        final Deque<Runnable> due = new ArrayDeque<>();
        final List<Long> delays = new ArrayList<>();
        int ran;

        @Override
        public void run(Runnable task, long delayMillis) {
            delays.add(delayMillis);
            due.add(task);
        }

        boolean step() {
            Runnable next = due.poll();
            if (next == null) return false;
            ran++;
            next.run();
            return true;
        }

        void runAll(int bound) {
            for (int i = 0; i < bound && step(); i++) {
                // bounded: a release that rescheduled forever would stop here and fail the test
            }
        }
    }

    private final UpgradeHandlerRelease release = new UpgradeHandlerRelease();
    private final SteppedTimer timer = new SteppedTimer();

    @Test
    void clearsTheRequestsHandlerOnceTheConnectionIsDoneWithIt() {
        Request request = new Request();
        Handler ours = new Handler(request);
        release.release(upgraded(request, ours), timer);
        request.upgrade = false; // the container finished the upgraded connection and recycled the request

        timer.runAll(100);

        assertNull(request.httpUpgradeHandler);
        assertEquals(1, timer.ran);
        assertEquals(List.of(UpgradeHandlerRelease.INTERVAL_MILLIS), timer.delays);
    }

    @Test
    void findsTheContainersHandlerBehindTyrusProxy() {
        Request request = new Request();
        Handler ours = new Handler(request);
        request.httpUpgradeHandler = ours;
        release.release(new Remote(new HandlerProxy(ours)), timer);
        request.upgrade = false;

        timer.runAll(100);

        assertNull(request.httpUpgradeHandler);
        assertFalse(release.isOff());
    }

    @Test
    void leavesAnotherConnectionsHandlerInPlace() {
        Request request = new Request();
        Handler ours = new Handler(request);
        release.release(upgraded(request, ours), timer);
        // the pooled request was reused: it upgraded another connection before our check ran
        Handler theirs = new Handler(request);
        request.httpUpgradeHandler = theirs;
        request.upgrade = false;

        timer.runAll(100);

        assertSame(theirs, request.httpUpgradeHandler);
        assertEquals(1, timer.ran, "no retry for a request that is no longer ours");
    }

    @Test
    void looksAgainWhileTheRequestIsStillInUse() {
        Request request = new Request();
        Handler ours = new Handler(request);
        release.release(upgraded(request, ours), timer);

        for (int i = 0; i < 3; i++) assertTrue(timer.step());
        assertSame(ours, request.httpUpgradeHandler, "not cleared while the connection still uses the request");
        request.upgrade = false;
        timer.runAll(100);

        assertNull(request.httpUpgradeHandler);
        assertEquals(4, timer.ran);
        assertTrue(timer.delays.stream().allMatch(d -> d == UpgradeHandlerRelease.INTERVAL_MILLIS), timer.delays.toString());
    }

    @Test
    void givesUpAfterTwentyLooks() {
        Request request = new Request();
        Handler ours = new Handler(request);
        release.release(upgraded(request, ours), timer);

        timer.runAll(1000);

        assertEquals(UpgradeHandlerRelease.ATTEMPTS, timer.ran);
        assertEquals(20, timer.ran);
        assertSame(ours, request.httpUpgradeHandler, "a request still in use is never cleared");
        assertFalse(release.isOff(), "a busy request is no reason to switch off");
    }

    @Test
    void switchesOffForGoodWhenTheObjectsAreNotTheExpectedOnes() {
        release.release(new Object(), timer); // another container: no webSocket field

        assertTrue(release.isOff());
        assertTrue(timer.due.isEmpty());

        // later connections, even well-formed ones, are not looked at any more
        Request request = new Request();
        release.release(upgraded(request, new Handler(request)), timer);
        request.upgrade = false;
        timer.runAll(100);
        assertEquals(0, timer.ran);
        assertTrue(request.httpUpgradeHandler instanceof Handler);
    }

    @Test
    void aConnectionWithoutAContainerRequestIsLeftAloneAndDoesNotSwitchOff() {
        release.release(new Remote(null), timer);

        assertTrue(timer.due.isEmpty());
        assertFalse(release.isOff());
    }

    @Test
    void aStoppedTimerEndsTheReleaseQuietly() {
        Request request = new Request();
        release.release(upgraded(request, new Handler(request)), (task, delay) -> {
            throw new java.util.concurrent.RejectedExecutionException("stopped");
        });

        assertFalse(release.isOff());
    }
}
