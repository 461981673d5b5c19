package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.protocol.EnginePacketType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EngineServerTest {

    static final HandshakeInfo HANDSHAKE = new HandshakeInfo(Map.of("User-Agent", List.of("test")),
            Map.of("EIO", List.of("4"), "transport", List.of("websocket")), "127.0.0.1",
            "/socket.io/?EIO=4&transport=websocket", false);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final EngineConfig config = new EngineConfig(Duration.ofMillis(300), Duration.ofMillis(200),
            Duration.ofMillis(100), 12_345, 16, true);

    private static JsonObject openPayload(EnginePacket packet) {
        assertEquals(EnginePacketType.OPEN, packet.type());
        return Json.createReader(new StringReader(packet.data())).readObject();
    }

    @Test
    void the_open_packet_is_the_first_packet_written_and_carries_exactly_the_five_handshake_fields() {
        EngineServer server = new EngineServer(config, scheduler, session -> SessionListener.NONE);
        FakeTransport transport = new FakeTransport("polling");

        EngineSession session = server.open(transport, HANDSHAKE, List.of("websocket"));

        assertEquals(1, transport.written().size());
        JsonObject open = openPayload(transport.written().get(0));
        assertEquals(Set.of("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"), open.keySet());
        assertEquals(session.id(), open.getString("sid"));
        assertEquals(List.of("websocket"), open.getJsonArray("upgrades").getValuesAs(JsonString::getString));
        assertEquals(300, open.getJsonNumber("pingInterval").longValueExact());
        assertEquals(200, open.getJsonNumber("pingTimeout").longValueExact());
        assertEquals(12_345, open.getJsonNumber("maxPayload").longValueExact());
    }

    @Test
    void a_websocket_session_is_offered_no_upgrades() {
        EngineServer server = new EngineServer(config, scheduler, session -> SessionListener.NONE);
        FakeTransport transport = new FakeTransport("websocket");

        server.open(transport, HANDSHAKE, List.of());

        assertEquals(0, openPayload(transport.written().get(0)).getJsonArray("upgrades").size());
    }

    @Test
    void session_ids_are_twenty_url_safe_characters_and_differ_between_sessions() {
        EngineServer server = new EngineServer(config, scheduler, session -> SessionListener.NONE);
        EngineSession a = server.open(new FakeTransport(), HANDSHAKE, List.of());
        EngineSession b = server.open(new FakeTransport(), HANDSHAKE, List.of());

        assertTrue(a.id().matches("[A-Za-z0-9_-]{20}"), a.id());
        assertTrue(b.id().matches("[A-Za-z0-9_-]{20}"), b.id());
        assertNotEquals(a.id(), b.id());
    }

    @Test
    void the_connection_handler_sees_the_session_and_its_listener_gets_the_messages() {
        RecordingListener listener = new RecordingListener();
        EngineSession[] seen = new EngineSession[1];
        EngineServer server = new EngineServer(config, scheduler, session -> {
            seen[0] = session;
            return listener;
        });

        EngineSession session = server.open(new FakeTransport(), HANDSHAKE, List.of());
        session.receive(EnginePacket.message("hello"));

        assertSame(session, seen[0]);
        assertSame(HANDSHAKE, session.handshake());
        assertEquals(List.of(EnginePacket.message("hello")), listener.messages());
    }

    @Test
    void open_sessions_are_found_by_id_and_forgotten_once_closed() {
        EngineServer server = new EngineServer(config, scheduler, session -> SessionListener.NONE);
        EngineSession session = server.open(new FakeTransport(), HANDSHAKE, List.of());

        assertSame(session, server.find(session.id()));
        assertEquals(1, server.sessionCount());
        assertNull(server.find(null));
        assertNull(server.find("nope"));

        session.closeNow(CloseReasons.TRANSPORT_CLOSE);

        assertNull(server.find(session.id()));
        assertEquals(0, server.sessionCount());
    }

    @Test
    void a_failing_connection_handler_closes_the_new_session_with_forced_close() {
        EngineServer server = new EngineServer(config, scheduler, session -> {
            throw new IllegalStateException("boom");
        });
        FakeTransport transport = new FakeTransport();

        EngineSession session = server.open(transport, HANDSHAKE, List.of());

        assertFalse(session.isOpen());
        assertEquals(CloseReasons.FORCED_CLOSE, session.closeReason());
        assertEquals(List.of(CloseReasons.FORCED_CLOSE), transport.closeReasons());
        assertEquals(0, server.sessionCount());
        assertEquals(0, scheduler.pendingTasks(), "no heartbeat for a session that never started");
    }

    @Test
    void close_all_closes_every_session_with_the_given_reason() {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        List<RecordingListener> listeners = new ArrayList<>(List.of(first, second));
        EngineServer server = new EngineServer(config, scheduler, session -> listeners.remove(0));
        FakeTransport t1 = new FakeTransport();
        FakeTransport t2 = new FakeTransport();
        server.open(t1, HANDSHAKE, List.of());
        server.open(t2, HANDSHAKE, List.of());

        server.closeAll(CloseReasons.SERVER_SHUTTING_DOWN);

        assertEquals(0, server.sessionCount());
        assertEquals(List.of(CloseReasons.SERVER_SHUTTING_DOWN), first.closes());
        assertEquals(List.of(CloseReasons.SERVER_SHUTTING_DOWN), second.closes());
        assertEquals(List.of(CloseReasons.SERVER_SHUTTING_DOWN), t1.closeReasons());
        assertEquals(List.of(CloseReasons.SERVER_SHUTTING_DOWN), t2.closeReasons());
    }

    @Test
    void the_engine_config_refuses_values_that_cannot_work() {
        Duration s = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class,
                () -> new EngineConfig(Duration.ZERO, s, s, 1, 1, true));
        assertThrows(IllegalArgumentException.class,
                () -> new EngineConfig(s, Duration.ofMillis(-1), s, 1, 1, true));
        assertThrows(IllegalArgumentException.class,
                () -> new EngineConfig(s, s, s, 0, 1, true));
        assertThrows(IllegalArgumentException.class,
                () -> new EngineConfig(s, s, s, 1, 0, true));
        assertThrows(IllegalArgumentException.class,
                () -> new EngineConfig(s, s, s, 1, 1, true, 0));
    }

    @Test
    void the_handshake_info_matches_header_names_regardless_of_case() {
        assertEquals("test", HANDSHAKE.header("user-agent"));
        assertEquals("test", HANDSHAKE.header("USER-AGENT"));
        assertEquals("4", HANDSHAKE.queryParameter("EIO"));
        assertNull(HANDSHAKE.header("cookie"));
    }

    @Test
    void a_session_beyond_the_limit_per_address_is_refused_and_a_closed_session_gives_its_place_back() {
        EngineServer server = new EngineServer(config, scheduler, session -> SessionListener.NONE, CorsPolicy.ANY,
                new ConnectionLimits(0, 2));
        EngineSession first = server.open(new FakeTransport(), HANDSHAKE, List.of());
        server.open(new FakeTransport(), HANDSHAKE, List.of());
        HandshakeInfo elsewhere = new HandshakeInfo(Map.of(), Map.of(), "10.9.9.9", "/", false);

        ConnectionRefusedException refused = assertThrows(ConnectionRefusedException.class,
                () -> server.open(new FakeTransport(), HANDSHAKE, List.of()));
        assertEquals(ConnectionLimits.Refusal.TOO_MANY_FROM_ADDRESS, refused.refusal());
        assertEquals(2, server.sessionCount());
        server.open(new FakeTransport(), elsewhere, List.of());

        first.closeNow(CloseReasons.TRANSPORT_CLOSE);
        server.open(new FakeTransport(), HANDSHAKE, List.of());
        assertEquals(3, server.sessionCount());
        assertEquals(3, server.limits().open());
    }

    @Test
    void a_session_beyond_the_total_limit_is_refused_and_a_failed_open_gives_its_place_back() {
        boolean[] fail = {true};
        EngineServer server = new EngineServer(config, scheduler, session -> {
            if (fail[0]) throw new IllegalStateException("boom");
            return SessionListener.NONE;
        }, CorsPolicy.ANY, new ConnectionLimits(1, 0));

        server.open(new FakeTransport(), HANDSHAKE, List.of()); // closed at once by the failing handler
        fail[0] = false;
        server.open(new FakeTransport(), HANDSHAKE, List.of());

        ConnectionRefusedException refused = assertThrows(ConnectionRefusedException.class,
                () -> server.open(new FakeTransport(), HANDSHAKE, List.of()));
        assertEquals(ConnectionLimits.Refusal.TOO_MANY_CONNECTIONS, refused.refusal());
        assertEquals(1, server.limits().open());
    }
}
