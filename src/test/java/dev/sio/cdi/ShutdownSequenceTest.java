package dev.sio.cdi;

import dev.sio.engineio.server.CloseReasons;
import dev.sio.engineio.server.EngineConfig;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.FakeTransport;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.socketio.server.PayloadMapper;
import dev.sio.socketio.server.SocketIoConfig;
import dev.sio.socketio.server.SocketIoServer;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole shutdown with real timer threads: sessions closed, sockets gone, threads stopped, resources closed. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ShutdownSequenceTest {

    private static final HandshakeInfo HANDSHAKE = new HandshakeInfo(Map.of(), Map.of(), "127.0.0.1", "/socket.io/", false);
    private static final String THREAD_PREFIX = "shutdown-test-timer-";

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, THREAD_PREFIX + System.nanoTime());
        thread.setDaemon(true);
        return thread;
    });
    private final SocketIoServer io = new SocketIoServer(new SocketIoConfig(Duration.ofSeconds(45), 10), timer, new PayloadMapper());
    private final EngineServer engine = new EngineServer(new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20),
            Duration.ofSeconds(10), 1_000_000, 64, true), timer, io);
    private final List<String> steps = new ArrayList<>();

    @Test
    void sessions_close_then_the_timer_thread_stops_then_resources_close() throws Exception {
        List<EngineSession> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EngineSession session = engine.open(new FakeTransport(), HANDSHAKE, List.of());
            session.receive(EnginePacket.message("0"));
            sessions.add(session);
        }
        io.of("/").onConnection(s -> { });
        // a long timer that would keep the thread busy for an hour after a plain shutdown()
        timer.schedule(() -> steps.add("ran too late"), 1, TimeUnit.HOURS);
        io.of("/").sockets().values().forEach(s -> s.onDisconnect(reason -> steps.add("socket " + reason)));
        assertTrue(threadAlive(), "the timer thread runs before the shutdown");

        int closed = new ShutdownSequence(List.of(engine), io, timer,
                List.of(() -> steps.add("resource closed, timer terminated=" + timer.isTerminated())), Duration.ofSeconds(1)).run();

        assertEquals(3, closed);
        for (EngineSession session : sessions) assertEquals(CloseReasons.SERVER_SHUTTING_DOWN, session.closeReason());
        assertEquals(List.of("socket server shutting down", "socket server shutting down", "socket server shutting down",
                "resource closed, timer terminated=true"), steps);
        assertEquals(0, engine.sessionCount());
        assertTrue(io.of("/").sockets().isEmpty());
        assertFalse(threadAlive(), "no timer thread left");
        assertFalse(engine.isAccepting());
    }

    @Test
    void a_failing_step_does_not_stop_the_next_ones() {
        AutoCloseable failing = () -> {
            throw new IllegalStateException("boom");
        };
        new ShutdownSequence(List.of(engine), io, timer,
                List.of(failing, () -> steps.add("second resource closed")), Duration.ZERO).run();

        assertEquals(List.of("second resource closed"), steps);
        assertTrue(timer.isTerminated());
    }

    private static boolean threadAlive() throws InterruptedException {
        // the pool starts its thread with the first task; give it a moment to stop after shutdownNow
        for (int i = 0; i < 100; i++) {
            boolean alive = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith(THREAD_PREFIX) && t.isAlive());
            if (alive || i > 0) return alive;
            Thread.sleep(10);
        }
        return false;
    }
}
