package dev.sio.monitoring.adminui;

import dev.sio.socketio.server.JsonBuilders;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.SocketIoServer;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.util.Comparator;
import java.util.function.LongSupplier;

/**
 * The {@code server_stats} message, field for field as instrument() sends it: {@code serverId},
 * {@code hostname}, {@code pid}, {@code uptime} (seconds, with fractions), {@code clientsCount},
 * {@code pollingClientsCount}, {@code aggregatedEvents} (the traffic since the last stats) and
 * {@code namespaces} ({@code [{name, socketsCount}]}).
 */
final class ServerStats {

    private final SocketIoServer server;
    private final ClientCounts clients;
    private final EventBuffer events;
    private final ServerIdentity identity;
    private final LongSupplier uptimeMillis;

    ServerStats(SocketIoServer server, ClientCounts clients, EventBuffer events, ServerIdentity identity, LongSupplier uptimeMillis) {
        this.server = server;
        this.clients = clients;
        this.events = events;
        this.identity = identity;
        this.uptimeMillis = uptimeMillis;
    }

    JsonObject next() {
        JsonArrayBuilder namespaces = JsonBuilders.array();
        server.namespaces().stream().sorted(Comparator.comparing(Namespace::name)).forEach(namespace ->
                namespaces.add(JsonBuilders.object().add("name", namespace.name()).add("socketsCount", namespace.sockets().size())));
        return JsonBuilders.object()
                .add("serverId", identity.serverId())
                .add("hostname", identity.hostname())
                .add("pid", identity.pid())
                .add("uptime", uptimeMillis.getAsLong() / 1000.0)
                .add("clientsCount", clients.clients())
                .add("pollingClientsCount", clients.pollingClients())
                .add("aggregatedEvents", events.drain())
                .add("namespaces", namespaces)
                .build();
    }
}
