package dev.sio.cdi;

import dev.sio.auth.DevTokenIssuer;
import dev.sio.engineio.server.EchoHandler;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.ConnectionLimits;
import dev.sio.engineio.server.EngineRegistry;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.websocket.EngineIoWebSocketEndpoint;
import dev.sio.engineio.websocket.SocketIoWebSocketEndpoint;
import dev.sio.cluster.ClusterAdapterFactory;
import dev.sio.cluster.ClusterNode;
import dev.sio.auth.TokenVerifier;
import dev.sio.integration.Emitter;
import dev.sio.integration.OutboundBuffer;
import dev.sio.integration.UserRooms;
import dev.sio.integration.rabbitmq.RabbitIntegration;
import dev.sio.socketio.server.PayloadMapper;
import dev.sio.socketio.server.SocketIoConfig;
import dev.sio.socketio.server.SocketIoServer;
import dev.sio.monitoring.HealthReport;
import dev.sio.monitoring.ReadinessConditions;
import dev.sio.monitoring.TimerWatchdog;
import dev.sio.monitoring.adminui.AdminUi;
import dev.sio.monitoring.adminui.AdminUiSettings;
import dev.sio.monitoring.adminui.ClientCounts;
import dev.sio.monitoring.jmx.JmxRegistration;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.lang.System.Logger;
import java.lang.management.ManagementFactory;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the Socket.IO server with the application, binds the gateways, and stops it at
 * undeployment. Produces the {@link SocketIoServer} for injection.
 */
@ApplicationScoped
public class SocketIoRuntime {

    /** Liveness fails when the heartbeat timer is this late: far beyond any normal GC pause. */
    static final long LIVENESS_TIMER_LAG_MILLIS = 30_000;

    private static final Logger LOG = System.getLogger(SocketIoRuntime.class.getName());

    @Inject
    GatewayExtension extension;

    @Inject
    BeanManager beans;

    private ScheduledThreadPoolExecutor scheduler;
    private EngineServer engine;
    private SocketIoServer server;
    private EngineServer echo;
    private final Map<String, RoomPolicy> roomPolicies = new ConcurrentHashMap<>();
    private TimerWatchdog watchdog;
    private JmxRegistration jmx;
    private AutoCloseable metrics;
    private AdminUi adminUi;
    private volatile ClusterNode cluster;
    private final ReadinessConditions readiness = new ReadinessConditions();
    private volatile boolean stopping;
    private Duration shutdownDrain = SocketIoSettings.DEFAULT_SHUTDOWN_DRAIN;
    private volatile Thread shutdownHook;
    private Emitter emitter;
    private MqSettings mq;
    private RabbitIntegration rabbit;
    // the runtimes started and not stopped yet: static state is per class loader, hence per WAR
    private static final Set<SocketIoRuntime> RUNNING = ConcurrentHashMap.newKeySet();

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // the observer only forces the eager start; the work happens in init()
        init();
    }

    synchronized void init() {
        if (server != null) return;
        Config config = ConfigProvider.getConfig();
        SocketIoSettings settings = SocketIoSettings.from(config);
        shutdownDrain = SocketIoSettings.shutdownDrain(config);
        scheduler = new ScheduledThreadPoolExecutor(1, timerThreads());
        scheduler.setRemoveOnCancelPolicy(true); // heartbeats are cancelled all the time: don't keep them queued
        cluster = ClusterStartup.start(config).orElse(null);
        SocketIoConfig socketIo = cluster == null ? settings.socketIo()
                : settings.socketIo().withAdapter(new ClusterAdapterFactory(cluster));
        socketIo.parser().warmUp();
        server = new SocketIoServer(socketIo, scheduler, new PayloadMapper().warmUp());
        AuthSetup auth = extension.auth();
        GatewayBinder.Security security = auth.verifier() == null ? null : new GatewayBinder.Security(auth,
                new TokenExpiry(scheduler, Clock.systemUTC(), auth.settings().clockSkewSeconds(), this::closeTransport));
        mq = MqSettings.from(config);
        OutboundBuffer outbound = mq.rabbit() == null || mq.outbound().isEmpty() ? null : new OutboundBuffer(mq.outboundBuffer());
        AcceptedEvents accepted = outbound == null ? AcceptedEvents.NONE : new OutboundEvents(mq.outbound(), outbound);
        for (GatewayExtension.GatewayBinding gateway : extension.gateways()) {
            GatewayModel model = gateway.model();
            if (!GatewayExtension.enabled(model, config)) {
                LOG.log(Level.INFO, "Gateway {0} is off ({1} is not true)", model.beanClass().getSimpleName(), model.enabledIf());
                continue;
            }
            Object instance = beans.getReference(gateway.bean(), model.beanClass(), beans.createCreationalContext(gateway.bean()));
            if (model.dynamic()) {
                server.ofPattern(model.namespacePattern()).maxChildren(settings.maxDynamicChildren()).onChild(child -> {
                    GatewayBinder.bind(model, instance, child, security, accepted);
                    roomPolicies.put(child.name(), model.roomPolicy());
                });
            } else {
                GatewayBinder.bind(model, instance, server.of(model.namespace()), security, accepted);
                roomPolicies.put(server.of(model.namespace()).name(), model.roomPolicy());
            }
            LOG.log(Level.INFO, "Gateway {0} serves {1} {2}{3}", model.beanClass().getSimpleName(),
                    model.dynamic() ? "the namespaces matching" : "namespace", model.namespace(),
                    model.usesAuth() ? " (guard: " + model.connectRule() + ")" : "");
        }
        // before any client connects: every socket of a user joins the user's room
        UserRooms.install(server);
        emitter = new Emitter(server);
        if (mq.rabbit() == null && !mq.outbound().isEmpty()) {
            LOG.log(Level.WARNING, "socketio.mq.outbound.events is set but socketio.mq.rabbitmq.uri is not: no event is published");
        }
        if (mq.rabbit() != null) {
            rabbit = RabbitIntegration.start(mq.rabbit(), emitter, outbound, Thread.currentThread().getContextClassLoader());
            LOG.log(Level.INFO, "RabbitMQ integration on ({0}): emit requests from queue {1}, events {2} to exchange {3}",
                    mq.rabbit().safeUri(), mq.rabbit().inboundQueue(), mq.outbound(), mq.rabbit().outboundExchange());
        }
        engine = new EngineServer(settings.engine(), scheduler, server, settings.cors(),
                new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerAddress()));
        metrics = MetricsBinding.start(config, beans, engine, server, concat(MqMetrics.of(emitter, outbound), ClusterMetrics.of(cluster)));
        adminUi = startAdminUi(config);
        EngineRegistry.register(SocketIoWebSocketEndpoint.PATH, engine);
        RUNNING.add(this);
        addShutdownHook();
        if (settings.conformance()) {
            echo = new EngineServer(settings.engine(), scheduler, new EchoHandler(), settings.cors(), ConnectionLimits.unlimited());
            EngineRegistry.register(EngineIoWebSocketEndpoint.PATH, echo);
            LOG.log(Level.INFO, "Engine.IO conformance echo ready at {0}", EngineIoWebSocketEndpoint.PATH);
        }
        dev.sio.socketio.recovery.RecoveryLimits recovery = settings.socketIo().recovery();
        if (recovery.enabled()) {
            LOG.log(Level.INFO, "Connection state recovery on for namespaces {0}: window {1} ms, {2} sessions, {3} packets, {4} bytes at most",
                    recovery.namespaces(), recovery.maxDisconnection().toMillis(), recovery.maxSessions(), recovery.maxPackets(), recovery.maxBytes());
        } else {
            LOG.log(Level.INFO, "Connection state recovery off");
        }
        watchdog = new TimerWatchdog(scheduler);
        readiness.add("accepting", () -> stopping || server == null
                ? Optional.of("the application is shutting down") : Optional.empty());
        if (auth.verifier() != null) readiness.add("tokenKeys", auth.verifier()::keysProblem);
        if (cluster != null) readiness.add("cluster", cluster::problem);
        if (rabbit != null) readiness.add("mq", rabbit::problem);
        jmx = JmxRegistration.register(ManagementFactory.getPlatformMBeanServer(), applicationName(), server, engine);
        LOG.log(Level.INFO, "Socket.IO server ready at {0} (ping {1} ms / {2} ms, max payload {3} bytes)",
                SocketIoWebSocketEndpoint.PATH, settings.engine().pingInterval().toMillis(),
                settings.engine().pingTimeout().toMillis(), settings.engine().maxPayload());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * The Admin UI's namespace when {@code socketio.admin-ui.enabled}, listening beside the metrics.
     * Bad Admin UI settings leave it off with an error in the log, not the whole application.
     */
    private AdminUi startAdminUi(Config config) {
        AdminUiSettings settings;
        try {
            settings = SocketIoSettings.adminUi(config);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "The Socket.IO Admin UI is off: {0}", e.getMessage());
            return null;
        }
        if (!settings.enabled()) return null;
        EngineServer engineServer = engine;
        ClientCounts clients = new ClientCounts() {
            @Override public int clients() {
                return engineServer.sessionCount();
            }
            @Override public int pollingClients() {
                return engineServer.sessionCount("polling");
            }
        };
        AdminUi started;
        try {
            started = AdminUi.start(settings, server, clients, scheduler);
        } catch (IllegalStateException e) {
            LOG.log(Level.ERROR, "The Socket.IO Admin UI is off: {0}", e.getMessage());
            return null;
        }
        engine.setEvents(AdminUi.chain(engine.events(), started.engineEvents()));
        server.setEvents(AdminUi.chain(server.events(), started.serverEvents()));
        return started;
    }

    @Produces
    SocketIoServer server() {
        init();
        return server;
    }

    EngineServer engine() {
        init();
        return engine;
    }

    /** Liveness: the heartbeat timer ticks (a stuck timer means every session will time out). */
    HealthReport liveness() {
        TimerWatchdog current = watchdog;
        if (current == null) return new HealthReport(!stopping, Map.of());
        return current.report(LIVENESS_TIMER_LAG_MILLIS);
    }

    /** Readiness: accepting connections, token keys loaded and, clustered, Redis reached ({@code cluster}). */
    HealthReport readiness() {
        EngineServer current = engine;
        if (server == null) {
            return new HealthReport(false, Map.of("accepting", stopping ? "the application is shutting down" : "not started"));
        }
        Map<String, Object> facts = new java.util.LinkedHashMap<>();
        if (current != null) facts.put("connections", current.sessionCount());
        ClusterNode node = cluster;
        if (node != null) {
            // what the cluster lost so far: remote halves Redis did not take, messages this node could not keep up with
            facts.put("clusterPublishFailures", node.publishFailures());
            facts.put("clusterDroppedMessages", node.droppedMessages());
        }
        return readiness.report(facts);
    }

    /** The application's name (java:app/AppName), which tells two deployments apart in JMX. */
    private static String applicationName() {
        try {
            Object name = new javax.naming.InitialContext().lookup("java:app/AppName");
            if (name instanceof String text && !text.isBlank()) return text;
        } catch (javax.naming.NamingException | RuntimeException e) {
            LOG.log(Level.DEBUG, "No java:app/AppName: {0}", e.toString());
        }
        return "socketio";
    }

    /**
     * The application's runtime, for the servlet listeners that register endpoints at start (they
     * are made by the servlet container, not by CDI; this keeps the CDI lookup in this package).
     */
    public static SocketIoRuntime current() {
        return jakarta.enterprise.inject.spi.CDI.current().select(SocketIoRuntime.class).get();
    }

    /** The development token issuer, present only when {@code socketio.auth.dev-mode} is true. */
    public Optional<DevTokenIssuer> devTokenIssuer() {
        return Optional.ofNullable(extension.auth().devIssuer());
    }

    /** What {@code POST /api/emit} needs; present when the server verifies tokens and the endpoint is enabled. */
    public record EmitApi(Emitter emitter, TokenVerifier verifier, String role, int maxBody) {
    }

    public Optional<EmitApi> emitApi() {
        init();
        TokenVerifier verifier = extension.auth().verifier();
        if (verifier == null || !mq.restEnabled()) return Optional.empty();
        return Optional.of(new EmitApi(emitter, verifier, mq.restRole(), mq.restMaxBody()));
    }

    /**
     * The room rules of a namespace's gateway (open when it has none). Asked on every
     * {@link Rooms#join}, always for a socket of a running server: no {@link #init()} (and its lock) here.
     */
    RoomPolicy roomPolicy(String namespace) {
        return roomPolicies.getOrDefault(namespace, RoomPolicy.OPEN);
    }

    /** Ends a socket's whole connection without Socket.IO DISCONNECT packets, so that the client reconnects. */
    private void closeTransport(dev.sio.socketio.server.Socket socket, String reason) {
        EngineSession session = engine == null ? null : engine.find(socket.sessionId());
        if (session != null) session.close(reason);
    }

    /**
     * Stops every running server of this application (this class loader's). Called by the servlet
     * context listener {@code dev.sio.web.ShutdownListener} at undeployment: a servlet listener's
     * {@code contextDestroyed} runs on every server, while CDI's {@code @PreDestroy} may run too late
     * (Payara was seen failing to load classes in it during undeployment); that stays as a backup.
     */
    public static void stopRunning() {
        for (SocketIoRuntime runtime : List.copyOf(RUNNING)) runtime.stop();
    }

    /**
     * A server stop (SIGTERM) also runs the shutdown from a JVM shutdown hook: on Payara Micro the
     * server's own hook was seen cutting WebSocket connections (1006, no close frame) before the
     * application's context listener ran. Hooks run concurrently, so this one usually closes the
     * sessions before the network goes. Removed at undeployment, so that it never keeps an
     * undeployed application's classes.
     */
    private void addShutdownHook() {
        Thread hook = new Thread(this::stop, "socketio-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            shutdownHook = hook;
        } catch (IllegalStateException | SecurityException e) {
            LOG.log(Level.DEBUG, "No JVM shutdown hook: {0}", e.toString());
        }
    }

    private void removeShutdownHook() {
        Thread hook = shutdownHook;
        shutdownHook = null;
        if (hook == null || hook == Thread.currentThread()) return;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | SecurityException e) {
            // the JVM is shutting down already: the hook runs (or ran) and finds the server stopped
        }
    }

    /** The graceful shutdown (see {@link ShutdownSequence}); idempotent. */
    @PreDestroy
    synchronized void stop() {
        RUNNING.remove(this);
        removeShutdownHook();
        if (server == null) return;
        stopping = true;
        if (jmx != null) jmx.close();
        closeMetrics();
        if (adminUi != null) adminUi.close();
        if (watchdog != null) watchdog.close();
        if (rabbit != null) rabbit.close();
        List<EngineServer> engines = echo == null ? List.of(engine) : List.of(engine, echo);
        List<AutoCloseable> resources = new java.util.ArrayList<>();
        if (extension.auth().verifier() != null) resources.add(extension.auth().verifier());
        // after the adapters closed (they unsubscribe their namespaces), the Redis link goes
        if (cluster != null) resources.add(ClusterStartup.closer(cluster));
        // the engines stay registered while they close, so that new requests get 503, not 404
        new ShutdownSequence(engines, server, scheduler, resources, shutdownDrain).run();
        EngineRegistry.unregister(SocketIoWebSocketEndpoint.PATH);
        if (echo != null) EngineRegistry.unregister(EngineIoWebSocketEndpoint.PATH);
        server = null;
    }

    private void closeMetrics() {
        try {
            if (metrics != null) metrics.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Could not remove the metrics", e);
        }
    }

    /**
     * Timer threads keep the application's class loader, so JSON-B and service lookups made from a
     * timer (an ack timeout, a heartbeat close) see the WAR's classes.
     */
    private static ThreadFactory timerThreads() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "socketio-timer-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
            return thread;
        };
    }
}
