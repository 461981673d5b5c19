package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.protocol.EnginePacketType;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.sio.engineio.server.EngineServerTest.HANDSHAKE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Engine.IO 3 heartbeat: the client pings, the server answers and waits pingInterval + pingTimeout for the next ping. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class Eio3HeartbeatTest {

    private static final long PING_INTERVAL = 300;
    private static final long PING_TIMEOUT = 200;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingListener listener = new RecordingListener();
    private final FakeTransport transport = new FakeTransport();

    private static EngineConfig config(boolean allowEio3) {
        return new EngineConfig(Duration.ofMillis(PING_INTERVAL), Duration.ofMillis(PING_TIMEOUT),
                Duration.ofMillis(100), 1_000_000, 16, true).withAllowEio3(allowEio3);
    }

    private EngineSession openV3() {
        EngineServer server = new EngineServer(config(true), scheduler, session -> listener);
        EngineSession session = server.open(transport, HANDSHAKE, List.of(), 3);
        transport.clear();
        return session;
    }

    @Test
    void a_v3_session_is_refused_unless_the_server_allows_eio3() {
        EngineServer server = new EngineServer(config(false), scheduler, session -> listener);
        assertThrows(IllegalArgumentException.class, () -> server.open(transport, HANDSHAKE, List.of(), 3));
        assertEquals(0, server.sessionCount());
    }

    @Test
    void the_server_never_pings_a_v3_client() {
        EngineSession session = openV3();
        scheduler.advanceMillis(PING_INTERVAL + 10);
        assertEquals(List.of(), transport.texts());
        assertTrue(session.isOpen());
        assertEquals(3, session.protocol());
    }

    @Test
    void a_client_ping_is_answered_with_a_pong_echoing_its_data() {
        EngineSession session = openV3();
        session.receive(EnginePacket.PING);
        session.receive(EnginePacket.text(EnginePacketType.PING, "hello"));
        assertEquals(List.of("3", "3hello"), transport.texts());
        assertTrue(session.isOpen());
    }

    @Test
    void without_pings_the_session_closes_after_ping_interval_plus_ping_timeout() {
        EngineSession session = openV3();
        scheduler.advanceMillis(PING_INTERVAL + PING_TIMEOUT - 1);
        assertTrue(session.isOpen(), "still within pingInterval + pingTimeout");
        scheduler.advanceMillis(1);
        assertFalse(session.isOpen());
        assertEquals(CloseReasons.PING_TIMEOUT, session.closeReason());
    }

    @Test
    void each_ping_starts_the_deadline_again() {
        EngineSession session = openV3();
        for (int i = 0; i < 5; i++) {
            scheduler.advanceMillis(PING_INTERVAL + PING_TIMEOUT - 50);
            session.receive(EnginePacket.PING);
        }
        assertTrue(session.isOpen());
        scheduler.advanceMillis(PING_INTERVAL + PING_TIMEOUT);
        assertFalse(session.isOpen());
        assertEquals(CloseReasons.PING_TIMEOUT, session.closeReason());
    }

    @Test
    void a_ping_unread_behind_a_running_handler_gets_more_time() {
        java.util.concurrent.atomic.AtomicReference<EngineSession> self = new java.util.concurrent.atomic.AtomicReference<>();
        SessionListener slow = new SessionListener() {
            @Override
            public void onMessage(EnginePacket message) {
                // the handler runs past the deadline: the client's ping is still unread behind it
                scheduler.advanceMillis(PING_INTERVAL + PING_TIMEOUT + PING_TIMEOUT / 2);
                assertTrue(self.get().isOpen(), "not closed while the handler runs");
            }

            @Override
            public void onClose(String reason) {
            }
        };
        EngineServer server = new EngineServer(config(true), scheduler, s -> slow);
        EngineSession session = server.open(transport, HANDSHAKE, List.of(), 3);
        self.set(session);
        session.receive(EnginePacket.message("slow"));
        session.receive(EnginePacket.PING);
        scheduler.advanceMillis(PING_INTERVAL + PING_TIMEOUT - 1);
        assertTrue(session.isOpen(), "the ping came: a new deadline");
    }

    @Test
    void a_pong_from_a_v3_client_breaks_the_protocol() {
        EngineSession session = openV3();
        session.receive(EnginePacket.PONG);
        assertFalse(session.isOpen());
        assertEquals(CloseReasons.TRANSPORT_ERROR, session.closeReason());
    }

    @Test
    void a_v4_session_still_refuses_client_pings() {
        EngineServer server = new EngineServer(config(true), scheduler, session -> listener);
        EngineSession session = server.open(transport, HANDSHAKE, List.of());
        assertEquals(4, session.protocol());
        session.receive(EnginePacket.PING);
        assertFalse(session.isOpen());
    }
}
