package dev.sio.monitoring.metrics;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.ConnectionLimits;
import dev.sio.engineio.server.ConnectionRefusedException;
import dev.sio.engineio.server.CorsPolicy;
import dev.sio.engineio.server.EngineConfig;
import dev.sio.engineio.server.EngineEvents;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.FakeTransport;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.ManualScheduler;
import dev.sio.socketio.server.ConnectRefusedException;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.PayloadMapper;
import dev.sio.socketio.server.SocketIoConfig;
import dev.sio.socketio.server.SocketIoServer;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The counters, driven through the real Engine.IO and Socket.IO servers with fake transports. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SocketIoCountersTest {

    private static final PayloadMapper MAPPER = new PayloadMapper();
    private static final HandshakeInfo HANDSHAKE = new HandshakeInfo(Map.of(), Map.of("EIO", List.of("4")),
            "10.0.0.7", "/socket.io/?EIO=4", false);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(20);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SocketIoServer io = new SocketIoServer(new SocketIoConfig(Duration.ofSeconds(5), 10), scheduler, MAPPER);
    private final EngineServer engine = new EngineServer(new EngineConfig(Duration.ofSeconds(25), PING_TIMEOUT,
            Duration.ofSeconds(10), 1_000_000, 4, true), scheduler, io, CorsPolicy.ANY, new ConnectionLimits(0, 3));
    private final SocketIoCounters counters = MetricCatalog.attach(engine, io);
    private final MetricCatalog catalog = new MetricCatalog(counters, engine);

    private record Client(FakeTransport transport, EngineSession session) {
        void send(String socketIoPacket) {
            session.receive(EnginePacket.message(socketIoPacket));
        }
    }

    private Client open(String transportName) {
        FakeTransport transport = new FakeTransport(transportName);
        return new Client(transport, engine.open(transport, HANDSHAKE, List.of()));
    }

    private long value(String name, Map<String, String> labels) {
        List<Metric> all = new java.util.ArrayList<>(catalog.global());
        for (Namespace namespace : io.namespaces()) all.addAll(catalog.of(namespace));
        List<Metric> found = all.stream().filter(m -> m.name().equals(name) && m.labels().equals(labels)).toList();
        assertEquals(1, found.size(), "one series " + name + labels);
        return found.get(0).value().getAsLong();
    }

    @Test
    void connections_are_counted_by_transport_and_closes_by_reason() {
        Client a = open("websocket");
        Client b = open("polling");
        open("websocket");

        assertEquals(2, value("socketio_connections", Map.of("transport", "websocket")));
        assertEquals(1, value("socketio_connections", Map.of("transport", "polling")));
        assertEquals(2, value("socketio_connections_opened_total", Map.of("transport", "websocket")));

        a.send("x"); // not a Socket.IO packet: parse error
        b.session().receive(EnginePacket.CLOSE);

        assertEquals(1, value("socketio_connections_closed_total", Map.of("reason", "parse_error")));
        assertEquals(1, value("socketio_connections_closed_total", Map.of("reason", "transport_close")));
        assertEquals(1, value("socketio_connections", Map.of("transport", "websocket")));
        assertEquals(0, value("socketio_connections", Map.of("transport", "polling")));
    }

    @Test
    void a_client_that_does_not_read_is_counted_as_send_buffer_full() {
        Client slow = open("websocket");
        slow.transport().stall();
        slow.send("0");
        for (int i = 0; i < 10 && slow.session().isOpen(); i++) io.of("/").emit("tick", i);

        assertFalse(slow.session().isOpen());
        assertEquals(1, value("socketio_send_buffer_full_total", Map.of()));
        assertEquals(1, value("socketio_connections_closed_total", Map.of("reason", "send_buffer_full")));
    }

    @Test
    void an_upgrade_is_counted() {
        Client c = open("polling");
        assertTrue(c.session().beginUpgrade());
        c.session().completeUpgrade(new FakeTransport("websocket"));

        assertEquals(1, value("socketio_upgrades_total", Map.of()));
        assertEquals(1, value("socketio_connections", Map.of("transport", "websocket")));
    }

    @Test
    void a_connection_over_the_address_limit_is_counted_as_refused() {
        for (int i = 0; i < 3; i++) open("websocket");

        assertThrows(ConnectionRefusedException.class, () -> open("websocket"));
        assertEquals(1, value("socketio_connections_refused_total", Map.of("reason", "too_many_from_address")));
        assertEquals(0, value("socketio_connections_refused_total", Map.of("reason", "too_many_connections")));
    }

    @Test
    void sockets_connects_disconnects_and_rooms_are_counted_per_namespace() {
        io.of("/chat").onConnection(socket -> socket.join("lobby"));
        Client a = open("websocket");
        Client b = open("websocket");
        a.send("0/chat,");
        b.send("0/chat,");

        assertEquals(2, value("socketio_sockets", Map.of("namespace", "/chat")));
        assertEquals(1, value("socketio_rooms", Map.of("namespace", "/chat")));
        assertEquals(2, value("socketio_socket_connects_total", Map.of("namespace", "/chat")));

        a.send("1/chat,");

        assertEquals(1, value("socketio_sockets", Map.of("namespace", "/chat")));
        assertEquals(1, value("socketio_socket_disconnects_total",
                Map.of("namespace", "/chat", "reason", "client_namespace_disconnect")));
        assertEquals(0, value("socketio_socket_disconnects_total", Map.of("namespace", "/chat", "reason", "other")));
    }

    @Test
    void refused_connects_are_counted_by_kind_and_a_client_named_namespace_is_no_label() {
        io.of("/secure").use(socket -> {
            throw new ConnectRefusedException("invalid token: expired");
        });
        io.of("/rule").use(socket -> {
            throw new ConnectRefusedException("forbidden");
        });
        io.of("/app").use(socket -> {
            throw new ConnectRefusedException("come back tomorrow");
        });
        io.of("/admin").use(socket -> {
            throw new ConnectRefusedException("invalid credentials"); // the Admin UI's refusal
        });
        Client c = open("websocket");
        c.send("0/secure,");
        c.send("0/rule,");
        c.send("0/app,");
        c.send("0/admin,");
        c.send("0/no-such-namespace-" + System.nanoTime() + ",");

        assertEquals(1, value("socketio_connects_refused_total", Map.of("reason", "token_expired")));
        assertEquals(1, value("socketio_connects_refused_total", Map.of("reason", "forbidden")));
        assertEquals(1, value("socketio_connects_refused_total", Map.of("reason", "application")));
        assertEquals(1, value("socketio_connects_refused_total", Map.of("reason", "admin_credentials")));
        assertEquals(1, value("socketio_connects_refused_total", Map.of("reason", "invalid_namespace")));
        assertEquals(0, value("socketio_connects_refused_total", Map.of("reason", "token_missing")));
        Set<String> labelValues = allSeries().stream().flatMap(m -> m.labels().values().stream()).collect(Collectors.toSet());
        assertFalse(labelValues.stream().anyMatch(v -> v.startsWith("/no-such")), "no label from client input");
    }

    @Test
    void a_broadcast_counts_once_with_its_recipients_and_its_bytes_per_recipient() {
        Client a = open("websocket");
        Client b = open("websocket");
        Client c = open("websocket");
        for (Client client : List.of(a, b, c)) client.send("0");
        long sentBefore = counters.messagesSent();
        long bytesBefore = counters.bytesSent();

        io.of("/").emit("news", "héllo"); // Engine.IO message data 2["news","héllo"]: 18 bytes in UTF-8 (é is 2)

        assertEquals(1, value("socketio_broadcasts_total", Map.of()));
        assertEquals(3, value("socketio_broadcast_deliveries_total", Map.of()));
        assertEquals(3, counters.messagesSent() - sentBefore);
        assertEquals(3 * 18, counters.bytesSent() - bytesBefore);
    }

    @Test
    void received_messages_and_bytes_are_counted_binary_attachments_included() {
        io.of("/").on("upload", (socket, args, ack) -> { });
        Client c = open("websocket");
        c.send("0");
        c.send("51-[\"upload\",{\"_placeholder\":true,\"num\":0}]"); // 43 bytes
        c.session().receive(EnginePacket.binary(new byte[100]));

        assertTrue(c.session().isOpen());
        assertEquals(3, value("socketio_messages_received_total", Map.of()));
        assertEquals(1 + 43 + 100, value("socketio_received_bytes_total", Map.of()));
    }

    @Test
    void a_volatile_packet_a_client_cannot_take_is_counted_as_dropped() {
        Client fast = open("websocket");
        Client held = open("websocket");
        fast.send("0");
        held.send("0");
        held.transport().hold();

        io.of("/").volatileOperator().emit("tick", 1);

        assertEquals(1, value("socketio_volatile_dropped_total", Map.of()));
        assertEquals(2, value("socketio_broadcast_deliveries_total", Map.of()));
    }

    @Test
    void an_ack_that_does_not_come_in_time_is_counted_once() {
        Client c = open("websocket");
        c.send("0");
        var socket = io.of("/").sockets().values().iterator().next();
        socket.emitWithAck(Duration.ofSeconds(1), "question");
        io.of("/").timeout(Duration.ofSeconds(1)).emitWithAck("poll");

        scheduler.advance(Duration.ofSeconds(2));

        assertEquals(2, value("socketio_ack_timeouts_total", Map.of()));
    }

    @Test
    void every_series_has_a_stable_prefixed_name_and_label_values_from_fixed_sets() {
        io.of("/chat");
        List<Metric> all = allSeries();
        assertTrue(all.stream().allMatch(m -> m.name().matches("socketio_[a-z_]+")));
        assertTrue(all.stream().filter(m -> m.kind() == Metric.Kind.COUNTER).allMatch(m -> m.name().endsWith("_total")));
        Set<String> names = all.stream().map(Metric::name).collect(Collectors.toSet());
        assertEquals(Set.of("socketio_connections", "socketio_connections_opened_total", "socketio_connections_closed_total",
                "socketio_send_buffer_full_total", "socketio_upgrades_total", "socketio_connections_refused_total",
                "socketio_connects_refused_total", "socketio_messages_received_total", "socketio_received_bytes_total",
                "socketio_messages_sent_total", "socketio_sent_bytes_total", "socketio_broadcasts_total",
                "socketio_broadcast_deliveries_total", "socketio_volatile_dropped_total", "socketio_ack_timeouts_total",
                "socketio_sockets", "socketio_rooms", "socketio_socket_connects_total", "socketio_socket_disconnects_total"), names);
        assertEquals(all.size(), all.stream().map(m -> m.name() + m.labels()).distinct().count(), "no series twice");
        assertEquals(EngineEvents.Refusal.values().length,
                all.stream().filter(m -> m.name().equals("socketio_connections_refused_total")).count());
    }

    private List<Metric> allSeries() {
        List<Metric> all = new java.util.ArrayList<>(catalog.global());
        for (Namespace namespace : io.namespaces()) all.addAll(catalog.of(namespace));
        return all;
    }
}
