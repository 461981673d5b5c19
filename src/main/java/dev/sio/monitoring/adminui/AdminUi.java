package dev.sio.monitoring.adminui;

import dev.sio.engineio.server.EngineEvents;
import dev.sio.log.LogSafe;
import dev.sio.socketio.server.JsonBuilders;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.ServerEvents;
import dev.sio.socketio.server.Socket;
import dev.sio.socketio.server.SocketIoServer;
import jakarta.json.JsonArrayBuilder;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server side of the Socket.IO Admin UI on one of our servers, as instrument() sets it up on
 * a Node one: the {@code /admin} namespace behind {@link AdminAuthentication}; on each login the
 * {@code session} id, {@code config} and (development mode) {@code all_sockets}; the
 * {@link AdminCommands}; {@code server_stats} every {@value #STATS_PERIOD_MILLIS} ms; and the
 * listeners the caller chains to the servers' own ({@link #engineEvents()}, {@link #serverEvents()}).
 */
public final class AdminUi implements AutoCloseable {

    static final long STATS_PERIOD_MILLIS = 2_000;

    private static final Logger LOG = System.getLogger(AdminUi.class.getName());

    private final AdminAuthentication authentication;
    private final TrafficEvents traffic;
    private final ServerEvents serverEvents;
    private final Namespace admin;
    private final ServerStats stats;
    private final ScheduledExecutorService scheduler;
    private volatile ScheduledFuture<?> statsTask;
    private volatile boolean closed;

    private AdminUi(AdminAuthentication authentication, TrafficEvents traffic, ServerEvents serverEvents,
                    Namespace admin, ServerStats stats, ScheduledExecutorService scheduler) {
        this.authentication = authentication;
        this.traffic = traffic;
        this.serverEvents = serverEvents;
        this.admin = admin;
        this.stats = stats;
        this.scheduler = scheduler;
    }

    /**
     * Creates the {@code /admin} namespace and starts the stats. The caller then chains
     * {@link #engineEvents()} and {@link #serverEvents()} to the servers' listeners.
     *
     * @throws IllegalStateException when the application has a namespace {@code /admin} already
     */
    public static AdminUi start(AdminUiSettings settings, SocketIoServer server, ClientCounts clients, ScheduledExecutorService scheduler) {
        return start(settings, server, clients, scheduler, Clock.systemUTC(), ServerIdentity.ofThisProcess());
    }

    static AdminUi start(AdminUiSettings settings, SocketIoServer server, ClientCounts clients, ScheduledExecutorService scheduler,
                         Clock clock, ServerIdentity identity) {
        if (server.namespace(AdminUiSettings.NAMESPACE) != null) {
            // an application's /admin: its sockets must not pass our login nor its events reach our commands
            throw new IllegalStateException("namespace " + AdminUiSettings.NAMESPACE + " is the application's already");
        }
        Namespace admin = server.of(AdminUiSettings.NAMESPACE);
        AdminAuthentication authentication = new AdminAuthentication(settings.username(), settings.passwordHash(), new AdminSessions(clock));
        admin.use(authentication);
        List<String> features = Features.of(settings);
        admin.onConnection(socket -> welcome(socket, server, features, settings.development()));
        new AdminCommands(server, settings.readOnly()).register(admin);

        EventBuffer buffer = new EventBuffer(clock::millis);
        TrafficEvents traffic = new TrafficEvents(buffer);
        ServerEvents serverEvents = traffic;
        if (settings.development()) {
            DevelopmentEvents live = new DevelopmentEvents(admin, clock);
            server.namespaces().forEach(live::watch);
            server.onNamespaceCreated(live::watch);
            serverEvents = ListenerPairs.both(traffic, live);
        }
        ServerStats stats = new ServerStats(server, clients, buffer, identity, () -> ManagementFactory.getRuntimeMXBean().getUptime());
        AdminUi adminUi = new AdminUi(authentication, traffic, serverEvents, admin, stats, scheduler);
        adminUi.scheduleStats();
        LOG.log(Level.INFO, "Socket.IO Admin UI on namespace {0} ({1} mode{2}), features {3}", AdminUiSettings.NAMESPACE,
                settings.mode().name().toLowerCase(java.util.Locale.ROOT), settings.readOnly() ? ", read-only" : "", features);
        return adminUi;
    }

    /** What instrument() sends a socket that just logged in. */
    private static void welcome(Socket socket, SocketIoServer server, List<String> features, boolean development) {
        Object session = socket.attribute(AdminAuthentication.NEW_SESSION);
        if (session != null) {
            socket.attribute(AdminAuthentication.NEW_SESSION, null);
            socket.emit("session", session.toString());
        }
        JsonArrayBuilder supported = JsonBuilders.array();
        features.forEach(supported::add);
        socket.emit("config", JsonBuilders.object().add("supportedFeatures", supported).build());
        if (development) {
            JsonArrayBuilder all = JsonBuilders.array();
            for (Namespace namespace : server.namespaces()) {
                for (Socket each : namespace.sockets().values()) all.add(SocketView.of(each));
            }
            socket.emit("all_sockets", all.build());
        }
    }

    /** Every period, each time rescheduled by the run before (a task that failed would end a fixed-rate one). */
    private void scheduleStats() {
        if (closed) return;
        statsTask = scheduler.schedule(() -> {
            sendStats();
            scheduleStats();
        }, STATS_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sendStats() {
        try {
            // sent even with no admin here: with a cluster adapter, admins on the other nodes get it (as from Node)
            admin.emit("server_stats", stats.next());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Admin UI stats failed", LogSafe.throwable(e));
        }
    }

    /** To chain to the Engine.IO server's listener (connections and disconnections per second). */
    public EngineEvents engineEvents() {
        return traffic;
    }

    /** To chain to the Socket.IO server's listener (traffic; in development mode rooms and events too). */
    public ServerEvents serverEvents() {
        return serverEvents;
    }

    /** Chains {@code mine} after the listener the server has, so both hear every event. */
    public static EngineEvents chain(EngineEvents existing, EngineEvents mine) {
        return ListenerPairs.both(existing, mine);
    }

    public static ServerEvents chain(ServerEvents existing, ServerEvents mine) {
        return ListenerPairs.both(existing, mine);
    }

    /** Logins refused since the start (wrong name, password or session id). */
    public long refusedLogins() {
        return authentication.refusedLogins();
    }

    /** Stops the stats; the namespace goes with the server. */
    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> task = statsTask;
        if (task != null) task.cancel(false);
    }
}
