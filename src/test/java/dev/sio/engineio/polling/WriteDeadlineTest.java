package dev.sio.engineio.polling;

import dev.sio.engineio.server.EngineConfig;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.SessionListener;
import dev.sio.engineio.server.Transport;
import jakarta.servlet.ServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class WriteDeadlineTest {

    private static final long TIMEOUT_MILLIS = 50;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final FakeProbe probe = new FakeProbe();
    private final WriteDeadline deadline = new WriteDeadline(TIMEOUT_MILLIS, probe);
    private final EngineServer server = new EngineServer(EngineConfig.defaults(), scheduler, session -> SessionListener.NONE);
    private final EngineSession session = server.open(new NoTransport(),
            new HandshakeInfo(Map.of(), Map.of(), "127.0.0.1", "/socket.io/", false), List.of());

    @AfterEach
    void stop() {
        deadline.shutdown();
        scheduler.shutdownNow();
    }

    @Test
    void anAnswerStillUnsentAtTheDeadlineClosesItsConnectionAndSession() throws Exception {
        probe.unsent.set(500_000);
        deadline.watch(null, session, 600_000);
        waitFor(() -> probe.closed.get() == 1 && !session.isOpen());
        assertEquals("transport error", session.closeReason());
    }

    @Test
    void anAnswerTheClientTookBeforeTheDeadlineLeavesTheSessionOpen() throws Exception {
        probe.unsent.set(500_000);
        deadline.watch(null, session, 600_000);
        probe.unsent.set(0); // the client read it
        waitFor(() -> probe.checks.get() == 2); // the watch, then the check at the deadline
        assertTrue(session.isOpen());
        assertEquals(0, probe.closed.get());
    }

    @Test
    void anAnswerTheSocketTookAtOnceIsNotWatched() {
        probe.unsent.set(0);
        deadline.watch(null, session, 100_000);
        assertEquals(1, probe.checks.get());
        assertTrue(session.isOpen());
    }

    @Test
    void aSmallAnswerIsNotEvenLookedAt() {
        probe.unsent.set(500_000);
        deadline.watch(null, session, WriteDeadline.SOCKET_TAKES_AT_ONCE);
        assertEquals(0, probe.checks.get());
    }

    @Test
    void withoutAProbeNothingIsWatched() {
        WriteDeadline portable = new WriteDeadline(TIMEOUT_MILLIS, UnsentBytesProbe.NONE);
        try {
            portable.watch(null, session, 100_000);
            assertTrue(session.isOpen());
        } finally {
            portable.shutdown();
        }
        assertFalse(probe.checks.get() > 0);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("not within 5 s");
            Thread.sleep(5);
        }
    }

    private static final class FakeProbe implements UnsentBytesProbe {
        final AtomicLong unsent = new AtomicLong();
        final AtomicInteger checks = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        private final Object connection = new Object();

        @Override
        public Object connectionOf(ServletRequest request) {
            return connection;
        }

        @Override
        public long unsentBytes(Object c) {
            checks.incrementAndGet();
            return unsent.get();
        }

        @Override
        public void close(Object c) {
            closed.incrementAndGet();
        }
    }

    private static final class NoTransport implements Transport {
        @Override
        public String name() {
            return "polling";
        }

        @Override
        public void packetsReady(EngineSession session) {
        }

        @Override
        public boolean isWritable() {
            return false;
        }

        @Override
        public void close(String reason) {
        }
    }
}
