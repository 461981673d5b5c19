package dev.sio.socketio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.socketio.server.SioHarness.TestClient;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DisconnectTest {

    private final SioHarness harness = new SioHarness();
    private final Namespace main = harness.io.of("/");
    private final Namespace chat = harness.io.of("/chat");
    private final List<String> events = new ArrayList<>();

    DisconnectTest() {
        main.onConnection(socket -> listen("main", socket));
        chat.onConnection(socket -> listen("chat", socket));
    }

    private void listen(String name, Socket socket) {
        socket.onDisconnecting(reason -> events.add(name + " disconnecting " + reason + " rooms=" + socket.rooms().size()));
        socket.onDisconnect(reason -> events.add(name + " disconnect " + reason));
    }

    @Test
    void disconnect_without_close_sends_disconnect_in_the_namespace_and_tells_the_listeners() {
        TestClient client = harness.open();
        client.connect("/");
        Socket socket = client.socket("/chat", client.connect("/chat"));
        socket.join("room");
        client.clear();

        socket.disconnect(false);

        assertEquals(List.of("41/chat,"), client.texts());
        assertEquals(List.of("chat disconnecting server namespace disconnect rooms=2",
                "chat disconnect server namespace disconnect"), events);
        assertFalse(socket.connected());
        assertNull(chat.socket(socket.id()));
        assertEquals(Set.of(), chat.adapter().rooms());
        assertTrue(client.isOpen(), "the connection and its other namespaces stay");
        assertEquals(1, main.sockets().size());
    }

    @Test
    void disconnect_in_the_main_namespace_sends_a_bare_disconnect_packet() {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));
        client.clear();

        socket.disconnect(false);

        assertEquals(List.of("41"), client.texts());
    }

    @Test
    void disconnect_is_done_once() {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));
        client.clear();

        socket.disconnect(false);
        socket.disconnect(false);
        socket.disconnect(true);

        assertEquals(List.of("41"), client.texts());
        assertEquals(List.of("main disconnecting server namespace disconnect rooms=1", "main disconnect server namespace disconnect"), events);
        assertTrue(client.isOpen());
    }

    @Test
    void a_socket_that_left_can_join_the_namespace_again_on_the_same_connection() {
        TestClient client = harness.open();
        Socket first = client.socket("/", client.connect("/"));
        first.disconnect(false);

        String again = client.connect("/");

        assertTrue(main.socket(again).connected());
    }

    @Test
    void disconnect_with_close_leaves_every_namespace_and_closes_the_connection_after_the_packets_are_out() {
        TestClient client = harness.open();
        client.connect("/");
        Socket socket = client.socket("/chat", client.connect("/chat"));
        client.clear();
        client.transport.hold();

        socket.disconnect(true);

        assertTrue(client.isOpen(), "the DISCONNECT packets are still queued");
        assertTrue(events.contains("main disconnect server namespace disconnect"), events.toString());
        assertTrue(events.contains("chat disconnect server namespace disconnect"), events.toString());
        assertTrue(main.sockets().isEmpty());
        assertTrue(chat.sockets().isEmpty());

        client.transport.release(client.session);

        assertEquals(Set.of("41", "41/chat,"), Set.copyOf(client.texts()));
        assertEquals(2, client.texts().size());
        assertFalse(client.isOpen());
        assertEquals(List.of(CloseReasons.FORCED_CLOSE), client.transport.closeReasons());
        assertEquals(4, events.size(), "no second round of disconnect events when the session closes: " + events);
    }

    @Test
    void a_client_disconnect_packet_leaves_the_namespace_with_client_namespace_disconnect() {
        TestClient client = harness.open();
        client.connect("/");
        client.connect("/chat");
        client.clear();

        client.send("1/chat,");

        assertEquals(List.of("chat disconnecting client namespace disconnect rooms=1", "chat disconnect client namespace disconnect"), events);
        assertTrue(chat.sockets().isEmpty());
        assertEquals(1, main.sockets().size());
        assertTrue(client.isOpen());
        assertTrue(client.texts().isEmpty(), "nothing is sent back");
    }

    @Test
    void the_end_of_the_connection_disconnects_its_sockets_with_the_engine_reason() {
        TestClient client = harness.open();
        client.connect("/");
        client.connect("/chat");

        client.session.receive(EnginePacket.CLOSE);

        assertEquals(Set.of("main disconnecting transport close rooms=1", "main disconnect transport close",
                "chat disconnecting transport close rooms=1", "chat disconnect transport close"), Set.copyOf(events));
        assertEquals(4, events.size());
        assertTrue(main.sockets().isEmpty());
        assertTrue(main.adapter().rooms().isEmpty());
    }

    @Test
    void a_missed_pong_disconnects_the_sockets_with_ping_timeout() {
        TestClient client = harness.connect("/");

        harness.scheduler.advance(SioHarness.PING_INTERVAL.plus(SioHarness.PING_TIMEOUT));

        assertFalse(client.isOpen());
        assertEquals(List.of("main disconnecting ping timeout rooms=1", "main disconnect ping timeout"), events);
    }

    @Test
    void a_malformed_packet_closes_only_its_own_connection_with_parse_error() {
        List<String> received = new ArrayList<>();
        main.on("hello", (socket, args, ack) -> received.add(socket.id()));
        TestClient broken = harness.connect("/");
        TestClient healthy = harness.open();
        String healthyId = healthy.connect("/");

        broken.send("2[\"hello\""); // JSON cut short

        assertFalse(broken.isOpen());
        assertEquals(CloseReasons.PARSE_ERROR, broken.session.closeReason());
        assertEquals(List.of("main disconnecting parse error rooms=1", "main disconnect parse error"), events);
        assertTrue(healthy.isOpen());
        healthy.send("2[\"hello\"]");
        assertEquals(List.of(healthyId), received);
    }

    @Test
    void packets_of_unknown_type_or_with_reserved_event_names_are_parse_errors() {
        for (String bad : List.of("9", "", "2[\"disconnect\"]", "2{\"not\":\"an array\"}", "0[1]")) {
            TestClient client = harness.connect("/");

            client.send(bad);

            assertFalse(client.isOpen(), "'" + bad + "' closes the connection");
            assertEquals(CloseReasons.PARSE_ERROR, client.session.closeReason(), bad);
        }
    }

    @Test
    void closing_the_server_closes_every_connection_with_server_shutting_down_and_no_disconnect_packet() {
        TestClient a = harness.open();
        a.connect("/");
        a.connect("/chat");
        TestClient b = harness.connect("/chat");
        a.clear();
        b.clear();

        harness.io.close();

        assertFalse(a.isOpen());
        assertFalse(b.isOpen());
        assertEquals(CloseReasons.SERVER_SHUTTING_DOWN, a.session.closeReason());
        assertTrue(main.sockets().isEmpty());
        assertTrue(chat.sockets().isEmpty());
        // no DISCONNECT: after one the stock client would not reconnect (io.close() of the reference server)
        assertEquals(List.of(), a.texts());
        assertEquals(List.of(), b.texts());
        assertEquals(List.of(CloseReasons.SERVER_SHUTTING_DOWN), a.transport.closeReasons());
        assertTrue(events.contains("chat disconnect server shutting down"), events.toString());
        assertTrue(events.contains("main disconnect server shutting down"), events.toString());
    }
}
