package dev.sio.cdi;

import dev.sio.cluster.ClusterMode;
import dev.sio.cluster.ClusterNode;
import dev.sio.cluster.redis.RedisSettings;
import dev.sio.engineio.websocket.SendBurst;
import org.eclipse.microprofile.config.Config;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads {@code socketio.adapter} ({@code memory}, the default; {@code redis}; {@code redis-sharded})
 * and, for a cluster, the {@code socketio.redis.*} settings, and starts the server's cluster node.
 * Starting never waits for Redis: an unreachable Redis is said in one log line, the node serves its
 * own clients, reports itself not ready and connects in the background.
 */
final class ClusterStartup {

    private static final Logger LOG = System.getLogger(ClusterStartup.class.getName());
    private static final long CLOSE_WAIT_SECONDS = 5;

    private ClusterStartup() {
    }

    /** The node, or empty with the in-memory adapter. */
    static Optional<ClusterNode> start(Config config) {
        Optional<ClusterMode> mode = ClusterMode.fromSetting(config.getOptionalValue("socketio.adapter", String.class).orElse("memory"));
        if (mode.isEmpty()) {
            LOG.log(Level.INFO, "Adapter: memory (rooms and broadcasts on this server only)");
            return Optional.empty();
        }
        RedisSettings redis = RedisSettings.from(key -> config.getOptionalValue(key, String.class));
        // remote broadcasts that arrive together are written to each WebSocket connection together
        ClusterNode node = ClusterNode.start(redis, mode.get(), () -> SendBurst.begin()::end);
        LOG.log(Level.INFO, "Adapter: {0} on {1}, key prefix {2}, requests timeout {3} ms",
                mode.get().setting(), redis.redactedUri(), redis.keyPrefix(), redis.requestsTimeout().toMillis());
        return Optional.of(node);
    }

    /** Closing the node at shutdown, bounded: unsubscribes and closes the Redis connections. */
    static AutoCloseable closer(ClusterNode node) {
        return new AutoCloseable() {
            @Override
            public void close() throws Exception {
                node.close().toCompletableFuture().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            }

            @Override
            public String toString() {
                return "the cluster node (Redis " + node.settings().redactedUri() + ")";
            }
        };
    }
}
