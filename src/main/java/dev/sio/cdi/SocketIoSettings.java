package dev.sio.cdi;

import dev.sio.engineio.server.CorsPolicy;
import dev.sio.engineio.server.EngineConfig;
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
 * <li>{@code socketio.max-queued-packets} (4096): per-session outbound queue; a client that lets it
 *     overflow is disconnected</li>
 * <li>{@code socketio.max-attachments} (10): binary attachments per packet</li>
 * <li>{@code socketio.cors.origins} ("*"): comma-separated allowed origins, or "*" for any;
 *     {@code socketio.cors.credentials} (false)</li>
 * <li>{@code socketio.max-connections} (0 = no limit), {@code socketio.max-connections-per-address}
 *     (0 = no limit): further connections are refused with HTTP 503 and a JSON body</li>
 * <li>{@code socketio.conformance.enabled} (false): the protocol conformance application; when on,
 *     the timing defaults become the conformance suite's (300, 200, 1000 ms)</li>
 * </ul>
 */
record SocketIoSettings(EngineConfig engine, SocketIoConfig socketIo, boolean conformance,
                        CorsPolicy cors, int maxConnections, int maxConnectionsPerAddress) {

    static SocketIoSettings from(Config config) {
        boolean conformance = config.getOptionalValue("socketio.conformance.enabled", Boolean.class).orElse(false);
        long pingInterval = config.getOptionalValue("socketio.ping-interval", Long.class).orElse(conformance ? 300L : 25_000L);
        long pingTimeout = config.getOptionalValue("socketio.ping-timeout", Long.class).orElse(conformance ? 200L : 20_000L);
        long connectTimeout = config.getOptionalValue("socketio.connect-timeout", Long.class).orElse(conformance ? 1_000L : 45_000L);
        long upgradeTimeout = config.getOptionalValue("socketio.upgrade-timeout", Long.class).orElse(10_000L);
        int maxPayload = config.getOptionalValue("socketio.max-http-buffer-size", Integer.class).orElse(1_000_000);
        int maxQueued = config.getOptionalValue("socketio.max-queued-packets", Integer.class).orElse(4096);
        boolean allowUpgrades = config.getOptionalValue("socketio.allow-upgrades", Boolean.class).orElse(true);
        int maxAttachments = config.getOptionalValue("socketio.max-attachments", Integer.class).orElse(10);
        EngineConfig engine = new EngineConfig(Duration.ofMillis(pingInterval), Duration.ofMillis(pingTimeout),
                Duration.ofMillis(upgradeTimeout), maxPayload, maxQueued, allowUpgrades);
        String origins = config.getOptionalValue("socketio.cors.origins", String.class).orElse("*").trim();
        Set<String> allowed = origins.equals("*") ? Set.of() : Arrays.stream(origins.split(","))
                .map(String::trim).filter(o -> !o.isEmpty()).collect(Collectors.toSet());
        boolean credentials = config.getOptionalValue("socketio.cors.credentials", Boolean.class).orElse(false);
        int maxConnections = config.getOptionalValue("socketio.max-connections", Integer.class).orElse(0);
        int maxPerAddress = config.getOptionalValue("socketio.max-connections-per-address", Integer.class).orElse(0);
        return new SocketIoSettings(engine, new SocketIoConfig(Duration.ofMillis(connectTimeout), maxAttachments), conformance,
                new CorsPolicy(allowed, credentials), maxConnections, maxPerAddress);
    }
}
