package dev.sio.engineio.websocket;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.EngineConfig;
import dev.sio.engineio.server.EngineRegistry;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.FakeTransport;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.ManualScheduler;
import dev.sio.engineio.server.SessionListener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a successful probe the polling transport is told again every 100 ms until the upgrade packet
 * comes (Node's engine.io writes a noop to a waiting GET that often). Told once only, a client that
 * read the noop before the probe's pong, and so polled again, waited for that poll until the session
 * died: a socket.io-client 2.x (Engine.IO 3) does not ping while it upgrades, and the server does not
 * ping v3 clients, so nothing answered the poll ("timed out waiting for the upgrade to WebSocket" in
 * NodeClientEio3IT under load). And a session that ends while its upgrade waits closes the WebSocket
 * that was to take it over (as Node), rather than moving onto it when an upgrade packet comes.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class UpgradeNudgeTest {

    private static final String PATH = "/upgrade-nudge-test/";
    // the conformance timings: a v3 client must ping within 500 ms
    private static final HandshakeInfo HANDSHAKE = new HandshakeInfo(Map.of(),
            Map.of("EIO", List.of("3"), "transport", List.of("polling")), "127.0.0.1", "/socket.io/?EIO=3&transport=polling", false);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final EngineServer engine = new EngineServer(new EngineConfig(Duration.ofMillis(300), Duration.ofMillis(200),
            Duration.ofSeconds(10), 1_000_000, 64, true).withAllowEio3(true), scheduler, session -> SessionListener.NONE);
    private final FakeTransport polling = new FakeTransport("polling");
    private EngineSession session;
    private FakeSession socket;
    private WebSocketConnection connection;

    @BeforeEach
    void probed() {
        EngineRegistry.register(PATH, engine);
        session = engine.open(polling, HANDSHAKE, List.of("websocket"), 3);
        socket = new FakeSession(session.id(), 3);
        Session ws = socket.proxy();
        WebSocketConnection.open(ws, PATH);
        connection = WebSocketConnection.of(ws);
        connection.onMessage(EnginePacket.PING_PROBE);
        assertEquals(1, polling.probedCalls(), "the probe's pong releases the waiting poll at once");
    }

    @AfterEach
    void unregister() {
        if (session != null) session.closeNow("test over");
        EngineRegistry.unregister(PATH);
    }

    @Test
    void the_polling_transport_is_told_again_every_100_ms_until_the_upgrade_packet() {
        scheduler.advanceMillis(WebSocketConnection.UPGRADE_NUDGE_MILLIS);
        assertEquals(2, polling.probedCalls(), "a poll made after the first noop is released 100 ms later");
        scheduler.advanceMillis(2 * WebSocketConnection.UPGRADE_NUDGE_MILLIS);
        assertEquals(4, polling.probedCalls());
        assertTrue(session.isOpen(), "released well before the v3 ping deadline (500 ms)");

        connection.onMessage(EnginePacket.UPGRADE);
        assertEquals("websocket", session.transport().name());
        assertTrue(polling.isRetired());
        scheduler.advanceMillis(150);
        assertEquals(4, polling.probedCalls(), "nothing more once upgraded");
        assertFalse(socket.closed.get());
    }

    @Test
    void the_nudges_stop_when_the_upgrade_fails() {
        scheduler.advanceMillis(WebSocketConnection.UPGRADE_NUDGE_MILLIS);
        assertEquals(2, polling.probedCalls());
        connection.onClose(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "client left"));
        assertFalse(session.isUpgrading());
        scheduler.advanceMillis(350);
        assertEquals(2, polling.probedCalls(), "the client went away: the polling transport carries on, untold");
    }

    @Test
    void a_session_that_ends_during_the_upgrade_closes_the_websocket_waiting_to_take_it_over() {
        session.closeNow("ping timeout");
        scheduler.advanceMillis(WebSocketConnection.UPGRADE_NUDGE_MILLIS);
        assertTrue(socket.closed.get(), "closed at the next nudge, not left open without a session");
        connection.onMessage(EnginePacket.UPGRADE);
        assertEquals("polling", session.transport().name(), "a closed session is not moved to the WebSocket");
    }

    @Test
    void an_upgrade_packet_for_a_session_that_has_ended_closes_the_websocket() {
        session.closeNow("ping timeout");
        connection.onMessage(EnginePacket.UPGRADE);
        assertTrue(socket.closed.get());
        assertEquals("polling", session.transport().name(), "a closed session is not moved to the WebSocket");
        assertFalse(polling.isRetired());
    }
}
