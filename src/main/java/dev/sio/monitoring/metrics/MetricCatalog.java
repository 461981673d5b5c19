package dev.sio.monitoring.metrics;

import dev.sio.engineio.server.EngineEvents;
import dev.sio.engineio.server.EngineServer;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.SocketIoServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.sio.monitoring.metrics.Metric.Kind.COUNTER;
import static dev.sio.monitoring.metrics.Metric.Kind.GAUGE;

/**
 * Every metric of the server, by its stable name (docs/monitoring.md has the table). Server-wide
 * series come from {@link #global()}; each namespace adds its own from {@link #of(Namespace)} when
 * it is created. Counters read {@link SocketIoCounters}; gauges read the servers themselves.
 */
public final class MetricCatalog {

    public static final String PREFIX = "socketio_";

    private final SocketIoCounters counters;
    private final EngineServer engine;

    public MetricCatalog(SocketIoCounters counters, EngineServer engine) {
        this.counters = counters;
        this.engine = engine;
    }

    /** The counters, made to listen to both servers. */
    public static SocketIoCounters attach(EngineServer engine, SocketIoServer server) {
        SocketIoCounters counters = new SocketIoCounters();
        engine.setEvents(counters);
        server.setEvents(counters);
        return counters;
    }

    public List<Metric> global() {
        List<Metric> out = new ArrayList<>();
        for (String transport : SocketIoCounters.TRANSPORTS) {
            Map<String, String> labels = Map.of("transport", transport);
            out.add(new Metric(PREFIX + "connections", "Open Engine.IO connections (one per client) by current transport",
                    GAUGE, labels, () -> engine.sessionCount(transport)));
            out.add(new Metric(PREFIX + "connections_opened_total", "Engine.IO connections opened, by the transport they opened on",
                    COUNTER, labels, () -> counters.connectionsOpened(transport)));
        }
        for (String reason : ReasonLabel.labels(ReasonLabel.CONNECTION)) {
            out.add(new Metric(PREFIX + "connections_closed_total", "Engine.IO connections closed, by reason",
                    COUNTER, Map.of("reason", reason), () -> counters.connectionsClosed(reason)));
        }
        out.add(new Metric(PREFIX + "send_buffer_full_total", "Connections closed because the client did not read fast enough",
                COUNTER, Map.of(), counters::sendBufferFull));
        out.add(new Metric(PREFIX + "upgrades_total", "Connections upgraded from long-polling to WebSocket",
                COUNTER, Map.of(), counters::upgrades));
        for (EngineEvents.Refusal refusal : EngineEvents.Refusal.values()) {
            out.add(new Metric(PREFIX + "connections_refused_total", "Connections refused before they opened (Origin, limits)",
                    COUNTER, Map.of("reason", refusal.name().toLowerCase(Locale.ROOT)), () -> counters.connectionsRefused(refusal)));
        }
        for (ConnectRefusal refusal : ConnectRefusal.values()) {
            String label = refusal.label();
            out.add(new Metric(PREFIX + "connects_refused_total", "Namespace CONNECTs refused (bad token by kind, access rule, unknown namespace, application)",
                    COUNTER, Map.of("reason", label), () -> counters.connectsRefused(label)));
        }
        out.add(new Metric(PREFIX + "messages_received_total", "Engine.IO messages received (a Socket.IO packet, or one binary attachment)",
                COUNTER, Map.of(), counters::messagesReceived));
        out.add(new Metric(PREFIX + "received_bytes_total", "Bytes of the messages received (UTF-8 text or binary; framing not counted)",
                COUNTER, Map.of(), counters::bytesReceived));
        out.add(new Metric(PREFIX + "messages_sent_total", "Engine.IO messages queued for clients (a broadcast counts once per recipient)",
                COUNTER, Map.of(), counters::messagesSent));
        out.add(new Metric(PREFIX + "sent_bytes_total", "Bytes of the messages queued for clients (UTF-8 text or binary; framing not counted)",
                COUNTER, Map.of(), counters::bytesSent));
        out.add(new Metric(PREFIX + "broadcasts_total", "Broadcasts (emits to a namespace or rooms)",
                COUNTER, Map.of(), counters::broadcasts));
        out.add(new Metric(PREFIX + "broadcast_deliveries_total", "Sockets the broadcasts were written to",
                COUNTER, Map.of(), counters::deliveries));
        out.add(new Metric(PREFIX + "volatile_dropped_total", "Volatile packets dropped because the client could not take them at once",
                COUNTER, Map.of(), counters::volatileDrops));
        out.add(new Metric(PREFIX + "ack_timeouts_total", "Emits whose acknowledgement did not come in time (a broadcast counts once)",
                COUNTER, Map.of(), counters::ackTimeouts));
        return out;
    }

    /** The series of one namespace (its name is the label: namespaces are the application's, never a client's). */
    public List<Metric> of(Namespace namespace) {
        String name = namespace.name();
        Map<String, String> labels = Map.of("namespace", name);
        List<Metric> out = new ArrayList<>();
        out.add(new Metric(PREFIX + "sockets", "Connected sockets in the namespace", GAUGE, labels, () -> namespace.sockets().size()));
        out.add(new Metric(PREFIX + "rooms", "Rooms with members in the namespace (each socket's own room not counted)",
                GAUGE, labels, () -> rooms(namespace)));
        out.add(new Metric(PREFIX + "socket_connects_total", "Sockets that joined the namespace", COUNTER, labels,
                () -> counters.socketConnects(name)));
        for (String reason : ReasonLabel.labels(ReasonLabel.SOCKET)) {
            out.add(new Metric(PREFIX + "socket_disconnects_total", "Sockets that left the namespace, by reason", COUNTER,
                    Map.of("namespace", name, "reason", reason), () -> counters.socketDisconnects(name, reason)));
        }
        return out;
    }

    /** Rooms other than the sockets' own (every socket is alone in a room named by its id). */
    static long rooms(Namespace namespace) {
        var sockets = namespace.sockets();
        return namespace.adapter().rooms().stream().filter(room -> !sockets.containsKey(room)).count();
    }
}
