package dev.sio.cluster.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where and how the node talks to Redis.
 *
 * @param uri              {@code redis://[:password@]host:port[/db]}, {@code rediss://} for TLS
 *                         ({@code socketio.redis.uri})
 * @param keyPrefix        the channel prefix, equal to the Node nodes' {@code key} / {@code channelPrefix}
 *                         option ({@code socketio.redis.key-prefix})
 * @param requestsTimeout  how long a cluster request (fetchSockets, serverSideEmit with ack, ...)
 *                         waits for the other nodes ({@code socketio.redis.requests-timeout}, ms)
 * @param commandTimeout   how long one Redis command may take before it fails
 *                         ({@code socketio.redis.command-timeout}, ms)
 * @param commandQueueSize most commands queued on one connection; more fail at once
 *                         ({@code socketio.redis.command-queue})
 */
public record RedisSettings(String uri, String keyPrefix, Duration requestsTimeout, Duration commandTimeout,
                            int commandQueueSize) {

    public static final String DEFAULT_URI = "redis://127.0.0.1:6379";
    public static final String DEFAULT_KEY_PREFIX = "socket.io";

    public RedisSettings {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("socketio.redis.uri is empty");
        }
        String scheme = URI.create(uri).getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("socketio.redis.uri must start with redis:// or rediss://");
        }
        if (keyPrefix == null || keyPrefix.isEmpty()) {
            throw new IllegalArgumentException("socketio.redis.key-prefix is empty");
        }
        if (requestsTimeout.isNegative() || requestsTimeout.isZero() || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("Redis timeouts must be positive");
        }
        if (commandQueueSize < 1) {
            throw new IllegalArgumentException("socketio.redis.command-queue must be positive");
        }
    }

    public static RedisSettings defaults() {
        return new RedisSettings(DEFAULT_URI, DEFAULT_KEY_PREFIX, Duration.ofMillis(5000), Duration.ofMillis(2000), 10_000);
    }

    /** From configuration keys ({@code socketio.redis.*}), each with its default. */
    public static RedisSettings from(Function<String, Optional<String>> config) {
        RedisSettings d = defaults();
        return new RedisSettings(
                config.apply("socketio.redis.uri").orElse(d.uri()),
                config.apply("socketio.redis.key-prefix").orElse(d.keyPrefix()),
                Duration.ofMillis(config.apply("socketio.redis.requests-timeout").map(Long::parseLong).orElse(d.requestsTimeout().toMillis())),
                Duration.ofMillis(config.apply("socketio.redis.command-timeout").map(Long::parseLong).orElse(d.commandTimeout().toMillis())),
                config.apply("socketio.redis.command-queue").map(Integer::parseInt).orElse(d.commandQueueSize()));
    }

    /** The URI fit for a log line: any password replaced by {@code ***}. */
    public String redactedUri() {
        URI u = URI.create(uri);
        if (u.getRawUserInfo() == null) {
            return uri;
        }
        String info = u.getRawUserInfo();
        int colon = info.indexOf(':');
        String safe = colon < 0 ? "***" : info.substring(0, colon) + ":***";
        return uri.replace(info + "@", safe + "@");
    }

    @Override
    public String toString() {
        return "RedisSettings[uri=" + redactedUri() + ", keyPrefix=" + keyPrefix + ", requestsTimeout="
                + requestsTimeout.toMillis() + " ms, commandTimeout=" + commandTimeout.toMillis()
                + " ms, commandQueueSize=" + commandQueueSize + "]";
    }
}
