package dev.sio.cluster.recovery;

import dev.sio.cluster.redis.RedisSettings;
import dev.sio.cluster.redis.RedisUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.lang.System.Logger.Level;

/**
 * The recovery store's own connection to Redis (text commands; the cluster link speaks bytes and
 * pub/sub). Made on first use, not at startup, so that a node starts while Redis is down; after a
 * failed attempt the next one waits a second, so that a Redis outage costs each caller one failed
 * attempt, not a connect timeout each. Every command fails after the command timeout.
 */
public final class RecoveryConnection {

    private static final System.Logger LOG = System.getLogger(RecoveryConnection.class.getName());
    private static final long RETRY_MILLIS = 1_000;

    private final RedisClient client;
    private final RedisURI uri;
    private volatile StatefulRedisConnection<String, String> connection;
    private long lastFailure;
    private volatile boolean closed;

    public RecoveryConnection(RedisSettings settings) {
        this.uri = RedisURI.create(settings.uri());
        this.uri.setTimeout(settings.commandTimeout());
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(settings.commandQueueSize())
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).build())
                .build());
    }

    RedisCommands<String, String> sync() {
        return connection().sync();
    }

    RedisAsyncCommands<String, String> async() {
        return connection().async();
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) return c;
        synchronized (this) {
            if (connection != null) return connection;
            if (closed) throw new RedisUnavailableException("recovery store closed");
            if (System.currentTimeMillis() - lastFailure < RETRY_MILLIS) {
                throw new RedisUnavailableException("no connection to Redis for recovery (retrying)");
            }
            try {
                connection = client.connect(StringCodec.UTF8, uri);
                return connection;
            } catch (RuntimeException e) {
                lastFailure = System.currentTimeMillis();
                LOG.log(Level.WARNING, "Recovery store cannot reach Redis: {0}", e.toString());
                throw new RedisUnavailableException("no connection to Redis for recovery: " + e.getMessage());
            }
        }
    }

    void close() {
        closed = true;
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) c.close();
        client.shutdown();
    }
}
