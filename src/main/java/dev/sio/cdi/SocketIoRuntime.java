package dev.sio.cdi;

import dev.sio.auth.DevTokenIssuer;
import dev.sio.engineio.server.EchoHandler;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.engineio.server.ConnectionLimits;
import dev.sio.engineio.server.EngineRegistry;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.websocket.EngineIoWebSocketEndpoint;
import dev.sio.engineio.websocket.SocketIoWebSocketEndpoint;
import dev.sio.socketio.server.PayloadMapper;
import dev.sio.socketio.server.SocketIoServer;
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
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the Socket.IO server with the application, binds the gateways, and stops it at
 * undeployment. Produces the {@link SocketIoServer} for injection.
 */
@ApplicationScoped
public class SocketIoRuntime {

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

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // the observer only forces the eager start; the work happens in init()
        init();
    }

    synchronized void init() {
        if (server != null) return;
        Config config = ConfigProvider.getConfig();
        SocketIoSettings settings = SocketIoSettings.from(config);
        scheduler = new ScheduledThreadPoolExecutor(1, timerThreads());
        scheduler.setRemoveOnCancelPolicy(true); // heartbeats are cancelled all the time: don't keep them queued
        server = new SocketIoServer(settings.socketIo(), scheduler, new PayloadMapper().warmUp());
        AuthSetup auth = extension.auth();
        GatewayBinder.Security security = auth.verifier() == null ? null : new GatewayBinder.Security(auth,
                new TokenExpiry(scheduler, Clock.systemUTC(), auth.settings().clockSkewSeconds(), this::closeTransport));
        for (GatewayExtension.GatewayBinding gateway : extension.gateways()) {
            GatewayModel model = gateway.model();
            if (!GatewayExtension.enabled(model, config)) {
                LOG.log(Level.INFO, "Gateway {0} is off ({1} is not true)", model.beanClass().getSimpleName(), model.enabledIf());
                continue;
            }
            Object instance = beans.getReference(gateway.bean(), model.beanClass(), beans.createCreationalContext(gateway.bean()));
            GatewayBinder.bind(model, instance, server.of(model.namespace()), security);
            roomPolicies.put(server.of(model.namespace()).name(), model.roomPolicy());
            LOG.log(Level.INFO, "Gateway {0} serves namespace {1}{2}", model.beanClass().getSimpleName(), model.namespace(),
                    model.usesAuth() ? " (guard: " + model.connectRule() + ")" : "");
        }
        engine = new EngineServer(settings.engine(), scheduler, server, settings.cors(),
                new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerAddress()));
        EngineRegistry.register(SocketIoWebSocketEndpoint.PATH, engine);
        if (settings.conformance()) {
            echo = new EngineServer(settings.engine(), scheduler, new EchoHandler(), settings.cors(), ConnectionLimits.unlimited());
            EngineRegistry.register(EngineIoWebSocketEndpoint.PATH, echo);
            LOG.log(Level.INFO, "Engine.IO conformance echo ready at {0}", EngineIoWebSocketEndpoint.PATH);
        }
        LOG.log(Level.INFO, "Socket.IO server ready at {0} (ping {1} ms / {2} ms, max payload {3} bytes)",
                SocketIoWebSocketEndpoint.PATH, settings.engine().pingInterval().toMillis(),
                settings.engine().pingTimeout().toMillis(), settings.engine().maxPayload());
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

    /** The development token issuer, present only when {@code socketio.auth.dev-mode} is true. */
    public Optional<DevTokenIssuer> devTokenIssuer() {
        return Optional.ofNullable(extension.auth().devIssuer());
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

    @PreDestroy
    synchronized void stop() {
        if (server == null) return;
        EngineRegistry.unregister(SocketIoWebSocketEndpoint.PATH);
        server.close();
        engine.closeAll(CloseReasons.SERVER_SHUTTING_DOWN);
        if (echo != null) {
            EngineRegistry.unregister(EngineIoWebSocketEndpoint.PATH);
            echo.closeAll(CloseReasons.SERVER_SHUTTING_DOWN);
        }
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
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
