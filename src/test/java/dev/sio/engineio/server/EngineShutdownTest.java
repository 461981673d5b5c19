package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link EngineServer#shutdown}: refuse new sessions, close the open ones after their queue, bounded. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EngineShutdownTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final EngineConfig config = new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20),
            Duration.ofSeconds(10), 1_000_000, 16, true);
    private final RecordingListener listener = new RecordingListener();
    private final EngineServer server = new EngineServer(config, scheduler, session -> listener,
            CorsPolicy.ANY, new ConnectionLimits(0, 2));

    @Test
    void after_shutdown_new_sessions_are_refused_with_server_shutting_down_and_take_no_place() {
        server.shutdown(Duration.ZERO);

        ConnectionRefusedException refused = assertThrows(ConnectionRefusedException.class,
                () -> server.open(new FakeTransport(), EngineServerTest.HANDSHAKE, List.of()));

        assertEquals(ConnectionLimits.Refusal.SHUTTING_DOWN, refused.refusal());
        assertEquals("{\"code\":4,\"message\":\"Server shutting down\"}", refused.refusal().json());
        assertEquals(ConnectionLimits.Refusal.SHUTTING_DOWN, server.refusal("127.0.0.1"));
        assertFalse(server.isAccepting());
        assertEquals(0, server.sessionCount());
        assertEquals(0, server.limits().open(), "a refused session holds no place");
    }

    @Test
    void before_shutdown_the_refusal_check_is_the_limits_one() {
        assertNull(server.refusal("127.0.0.1"));
        server.open(new FakeTransport(), EngineServerTest.HANDSHAKE, List.of());
        server.open(new FakeTransport(), EngineServerTest.HANDSHAKE, List.of());
        assertEquals(ConnectionLimits.Refusal.TOO_MANY_FROM_ADDRESS, server.refusal("127.0.0.1"));
    }

    @Test
    void shutdown_closes_every_session_with_server_shutting_down_through_its_transport_and_listener() {
        FakeTransport t1 = new FakeTransport("websocket");
        FakeTransport t2 = new FakeTransport("polling");
        EngineSession s1 = server.open(t1, EngineServerTest.HANDSHAKE, List.of());
        EngineSession s2 = server.open(t2, EngineServerTest.HANDSHAKE, List.of());

        int open = server.shutdown(Duration.ofSeconds(1));

        assertEquals(2, open);
        assertEquals(0, server.sessionCount());
        assertEquals(0, server.limits().open());
        assertEquals(CloseReasons.SERVER_SHUTTING_DOWN, s1.closeReason());
        assertEquals(CloseReasons.SERVER_SHUTTING_DOWN, s2.closeReason());
        assertEquals(List.of(CloseReasons.SERVER_SHUTTING_DOWN), t1.closeReasons());
        assertEquals(List.of(CloseReasons.SERVER_SHUTTING_DOWN), t2.closeReasons());
        assertEquals(List.of(CloseReasons.SERVER_SHUTTING_DOWN, CloseReasons.SERVER_SHUTTING_DOWN), listener.closes());
        assertEquals(0, scheduler.pendingTasks(), "no heartbeat left behind");
    }

    @Test
    void what_was_queued_is_written_before_the_close_when_the_client_reads_within_the_drain_time() throws Exception {
        FakeTransport slow = new FakeTransport("polling");
        EngineSession session = server.open(slow, EngineServerTest.HANDSHAKE, List.of());
        slow.hold();
        session.send(EnginePacket.message("last words"));
        Thread reader = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                return;
            }
            slow.release(session); // the client polls again
        });
        reader.start();

        server.shutdown(Duration.ofSeconds(10));
        reader.join();

        assertEquals(List.of("4last words", "1"), slow.texts().subList(1, slow.texts().size()), "queued packets, then CLOSE");
        assertEquals(CloseReasons.SERVER_SHUTTING_DOWN, session.closeReason());
        assertEquals(0, server.sessionCount());
    }

    @Test
    void a_polling_client_between_two_polls_gets_a_close_packet_with_its_next_poll() throws Exception {
        FakeTransport between = new FakeTransport("polling");
        EngineSession session = server.open(between, EngineServerTest.HANDSHAKE, List.of());
        between.clear();
        between.hold(); // no GET parked
        Thread nextPoll = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                return;
            }
            between.release(session);
        });
        nextPoll.start();

        server.shutdown(Duration.ofSeconds(10));
        nextPoll.join();

        assertEquals(List.of("1"), between.texts(), "the CLOSE packet, which the stock client reads as 'transport close'");
        assertEquals(CloseReasons.SERVER_SHUTTING_DOWN, session.closeReason());
    }

    @Test
    void a_websocket_client_gets_no_close_packet_only_the_close_of_its_connection() {
        FakeTransport ws = new FakeTransport("websocket");
        server.open(ws, EngineServerTest.HANDSHAKE, List.of());
        ws.clear();

        server.shutdown(Duration.ofSeconds(1));

        assertEquals(List.of(), ws.texts());
        assertEquals(List.of(CloseReasons.SERVER_SHUTTING_DOWN), ws.closeReasons());
    }

    @Test
    void a_client_that_never_reads_is_closed_once_the_drain_time_is_over() {
        FakeTransport stuck = new FakeTransport("websocket");
        EngineSession session = server.open(stuck, EngineServerTest.HANDSHAKE, List.of());
        stuck.hold();
        session.send(EnginePacket.message("never read"));

        long start = System.nanoTime();
        server.shutdown(Duration.ofMillis(150));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertFalse(session.isOpen());
        assertEquals(CloseReasons.SERVER_SHUTTING_DOWN, session.closeReason());
        assertEquals(List.of(CloseReasons.SERVER_SHUTTING_DOWN), listener.closes());
        assertTrue(tookMillis >= 150 && tookMillis < 5_000, "bounded by the drain time: " + tookMillis + " ms");
    }

    @Test
    void a_second_shutdown_does_nothing_more() {
        FakeTransport transport = new FakeTransport();
        server.open(transport, EngineServerTest.HANDSHAKE, List.of());
        server.shutdown(Duration.ZERO);

        assertEquals(0, server.shutdown(Duration.ZERO));
        assertEquals(1, transport.closeReasons().size());
    }
}
