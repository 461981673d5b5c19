package dev.sio.cdi;

import dev.sio.engineio.container.ContainerSwitches;
import dev.sio.engineio.polling.PollingSettings;
import dev.sio.engineio.server.CorsPolicy;
import dev.sio.engineio.server.EngineConfig;
import dev.sio.monitoring.adminui.AdminMode;
import dev.sio.monitoring.adminui.AdminUiSettings;
import dev.sio.monitoring.adminui.PasswordHash;
import dev.sio.socketio.recovery.RecoveryLimits;
import dev.sio.socketio.protocol.Parser;
import dev.sio.socketio.server.ParentNamespace;
import dev.sio.socketio.server.Parsers;
import dev.sio.socketio.server.SocketIoConfig;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The server's settings from MicroProfile Config (properties file in the WAR, system properties,
 * environment variables such as {@code SOCKETIO_PING_INTERVAL}). Keys and defaults:
 * <ul>
 * <li>{@code socketio.ping-interval} (ms, 25000), {@code socketio.ping-timeout} (ms, 20000)</li>
 * <li>{@code socketio.max-http-buffer-size} (bytes, 1000000): largest frame or polling body</li>
 * <li>{@code socketio.connect-timeout} (ms, 45000): time to join a namespace after connecting</li>
 * <li>{@code socketio.upgrade-timeout} (ms, 10000), {@code socketio.allow-upgrades} (true)</li>
 * <li>{@code socketio.allow-eio3} (false): accept socket.io-client 2.x (Engine.IO 3, Socket.IO 4 protocols)</li>
 * <li>{@code socketio.max-queued-packets} (4096): per-session outbound queue; a client that lets it
 *     overflow is disconnected</li>
 * <li>{@code socketio.max-queued-bytes} (16777216 = 16 MiB): the same queue bounded in bytes (text in
 *     characters); a client that lets it overflow is disconnected</li>
 * <li>{@code socketio.max-attachments} (10): binary attachments per packet</li>
 * <li>{@code socketio.parser} ({@code default}): the wire format of every client, {@code default} or
 *     {@code msgpack} (npm's {@code socket.io-msgpack-parser} 3.x); see {@link Parsers}</li>
 * <li>{@code socketio.cors.origins} ("*"): comma-separated allowed origins, or "*" for any;
 *     {@code socketio.cors.credentials} (false)</li>
 * <li>{@code socketio.max-connections} (0 = no limit), {@code socketio.max-connections-per-address}
 *     (0 = no limit): further connections are refused with HTTP 503 and a JSON body</li>
 * <li>{@code socketio.dynamic-namespaces.max-children} (1000): namespaces clients can make a dynamic
 *     namespace ({@code @SocketGateway(namespacePattern = ...)}) create; beyond it "Invalid namespace"</li>
 * <li>{@code socketio.recovery.max-disconnection-duration} (ms, 120000, 0 with the conformance
 *     application; 0 = off): connection state
 *     recovery window; {@code socketio.recovery.skip-middlewares} (false); {@code socketio.recovery.namespaces}
 *     ("*", or a comma-separated list); bounds {@code socketio.recovery.max-session-packets} (1000),
 *     {@code .max-session-bytes} (1048576), {@code .max-packets} (50000), {@code .max-bytes} (33554432),
 *     {@code .max-sessions} (10000). See docs/recovery.md.</li>
 * <li>{@code socketio.shutdown.drain-timeout} (ms, 3000): at undeployment, how long sessions may take
 *     to write what is queued for them before they are closed anyway (see {@link ShutdownSequence})</li>
 * <li>{@code socketio.admin-ui.enabled} (false): the Socket.IO Admin UI's {@code /admin} namespace, with
 *     {@code socketio.admin-ui.username}, {@code socketio.admin-ui.password-bcrypt} (a bcrypt hash),
 *     {@code socketio.admin-ui.mode} ({@code development} | {@code production}, default production) and
 *     {@code socketio.admin-ui.read-only} (false); see docs/monitoring.md</li>
 * <li>{@code socketio.polling.body-timeout} (ms, 20000), {@code socketio.polling.write-timeout} (ms, 20000):
 *     see {@link PollingSettings}; {@code socketio.websocket.direct-send}, {@code .raw-frames},
 *     {@code .plain-scheduler}, {@code .release-upgrade-handler} (all true): see {@link ContainerSwitches}.
 *     Read when the servlet context starts, before CDI (see {@link TransportSetup}).</li>
 * <li>{@code socketio.conformance.enabled} (false): the protocol conformance application; when on,
 *     the timing defaults become the conformance suite's (300, 200, 1000 ms)</li>
 * </ul>
 */
record SocketIoSettings(EngineConfig engine, SocketIoConfig socketIo, boolean conformance,
                        CorsPolicy cors, int maxConnections, int maxConnectionsPerAddress, int maxDynamicChildren) {

    static final Duration DEFAULT_SHUTDOWN_DRAIN = Duration.ofMillis(3000);

    /** {@code socketio.shutdown.drain-timeout}: read on its own, it concerns only the shutdown. */
    static Duration shutdownDrain(Config config) {
        long millis = config.getOptionalValue("socketio.shutdown.drain-timeout", Long.class).orElse(DEFAULT_SHUTDOWN_DRAIN.toMillis());
        if (millis < 0) throw new IllegalArgumentException("socketio.shutdown.drain-timeout must be 0 or more, got " + millis);
        return Duration.ofMillis(millis);
    }

    /**
     * {@code socketio.admin-ui.*}: read on its own, it concerns only the Admin UI.
     *
     * @throws IllegalArgumentException when it is enabled without a name or with a bad hash or mode
     */
    static AdminUiSettings adminUi(Config config) {
        String p = "socketio.admin-ui.";
        if (!config.getOptionalValue(p + "enabled", Boolean.class).orElse(false)) return AdminUiSettings.disabled();
        String username = config.getOptionalValue(p + "username", String.class).orElse("");
        PasswordHash hash = PasswordHash.of(config.getOptionalValue(p + "password-bcrypt", String.class).orElse(""));
        AdminMode mode = AdminMode.of(config.getOptionalValue(p + "mode", String.class).orElse("production"));
        boolean readOnly = config.getOptionalValue(p + "read-only", Boolean.class).orElse(false);
        return new AdminUiSettings(true, username, hash, mode, readOnly);
    }

    /** {@code socketio.polling.*}: the long-polling transport's deadlines. */
    static PollingSettings polling(Config config) {
        return new PollingSettings(
                config.getOptionalValue("socketio.polling.body-timeout", Long.class).orElse(PollingSettings.DEFAULT_BODY_TIMEOUT_MILLIS),
                config.getOptionalValue("socketio.polling.write-timeout", Long.class).orElse(PollingSettings.DEFAULT_WRITE_TIMEOUT_MILLIS));
    }

    /** {@code socketio.websocket.*}: which container workarounds may run (each on unless set false). */
    static ContainerSwitches containerSwitches(Config config) {
        String p = "socketio.websocket.";
        return new ContainerSwitches(
                config.getOptionalValue(p + "direct-send", Boolean.class).orElse(true),
                config.getOptionalValue(p + "raw-frames", Boolean.class).orElse(true),
                config.getOptionalValue(p + "plain-scheduler", Boolean.class).orElse(true),
                config.getOptionalValue(p + "release-upgrade-handler", Boolean.class).orElse(true));
    }

    static SocketIoSettings from(Config config) {
        boolean conformance = config.getOptionalValue("socketio.conformance.enabled", Boolean.class).orElse(false);
        long pingInterval = config.getOptionalValue("socketio.ping-interval", Long.class).orElse(conformance ? 300L : 25_000L);
        long pingTimeout = config.getOptionalValue("socketio.ping-timeout", Long.class).orElse(conformance ? 200L : 20_000L);
        long connectTimeout = config.getOptionalValue("socketio.connect-timeout", Long.class).orElse(conformance ? 1_000L : 45_000L);
        long upgradeTimeout = config.getOptionalValue("socketio.upgrade-timeout", Long.class).orElse(10_000L);
        int maxPayload = config.getOptionalValue("socketio.max-http-buffer-size", Integer.class).orElse(1_000_000);
        int maxQueued = config.getOptionalValue("socketio.max-queued-packets", Integer.class).orElse(4096);
        long maxQueuedBytes = config.getOptionalValue("socketio.max-queued-bytes", Long.class)
                .orElse(EngineConfig.DEFAULT_MAX_QUEUED_BYTES);
        boolean allowUpgrades = config.getOptionalValue("socketio.allow-upgrades", Boolean.class).orElse(true);
        int maxAttachments = config.getOptionalValue("socketio.max-attachments", Integer.class).orElse(10);
        EngineConfig engine = new EngineConfig(Duration.ofMillis(pingInterval), Duration.ofMillis(pingTimeout),
                Duration.ofMillis(upgradeTimeout), maxPayload, maxQueued, allowUpgrades, maxQueuedBytes,
                config.getOptionalValue("socketio.allow-eio3", Boolean.class).orElse(false));
        String origins = config.getOptionalValue("socketio.cors.origins", String.class).orElse("*").trim();
        Set<String> allowed = origins.equals("*") ? Set.of() : Arrays.stream(origins.split(","))
                .map(String::trim).filter(o -> !o.isEmpty()).collect(Collectors.toSet());
        boolean credentials = config.getOptionalValue("socketio.cors.credentials", Boolean.class).orElse(false);
        int maxConnections = config.getOptionalValue("socketio.max-connections", Integer.class).orElse(0);
        int maxPerAddress = config.getOptionalValue("socketio.max-connections-per-address", Integer.class).orElse(0);
        int maxDynamicChildren = config.getOptionalValue("socketio.dynamic-namespaces.max-children", Integer.class)
                .orElse(ParentNamespace.DEFAULT_MAX_CHILDREN);
        if (maxDynamicChildren < 1) {
            throw new IllegalArgumentException("socketio.dynamic-namespaces.max-children must be at least 1, got " + maxDynamicChildren);
        }
        Parser parser = Parsers.named(config.getOptionalValue("socketio.parser", String.class).orElse(Parser.DEFAULT.name()));
        SocketIoConfig socketIo = new SocketIoConfig(Duration.ofMillis(connectTimeout), maxAttachments,
                recovery(config, conformance)).withParser(parser);
        return new SocketIoSettings(engine, socketIo, conformance,
                new CorsPolicy(allowed, credentials), maxConnections, maxPerAddress, maxDynamicChildren);
    }

    /** The conformance application answers as Node does with its defaults: recovery off unless set. */
    static RecoveryLimits recovery(Config config, boolean conformance) {
        String p = "socketio.recovery.";
        long window = config.getOptionalValue(p + "max-disconnection-duration", Long.class).orElse(conformance ? 0L : 120_000L);
        String namespaces = config.getOptionalValue(p + "namespaces", String.class).orElse(RecoveryLimits.ALL_NAMESPACES).trim();
        Set<String> covered = Arrays.stream(namespaces.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                .map(n -> n.equals(RecoveryLimits.ALL_NAMESPACES) || n.startsWith("/") ? n : "/" + n).collect(Collectors.toSet());
        return new RecoveryLimits(Duration.ofMillis(Math.max(0, window)),
                config.getOptionalValue(p + "skip-middlewares", Boolean.class).orElse(false),
                config.getOptionalValue(p + "max-session-packets", Integer.class).orElse(1_000),
                config.getOptionalValue(p + "max-session-bytes", Long.class).orElse(1L << 20),
                config.getOptionalValue(p + "max-packets", Integer.class).orElse(50_000),
                config.getOptionalValue(p + "max-bytes", Long.class).orElse(32L << 20),
                config.getOptionalValue(p + "max-sessions", Integer.class).orElse(10_000),
                covered);
    }
}
