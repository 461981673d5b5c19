package dev.sio.cluster;

import dev.sio.socketio.broadcast.Adapter;
import dev.sio.socketio.broadcast.AdapterFactory;
import dev.sio.cluster.recovery.RedisRecoveryStore;
import dev.sio.socketio.recovery.RecoveryLimits;
import dev.sio.socketio.recovery.RecoveryStore;
import java.util.function.LongSupplier;

/** Makes each namespace's adapter on the server's one {@link ClusterNode}, in the node's mode. */
public final class ClusterAdapterFactory implements AdapterFactory {

    private final ClusterNode node;

    public ClusterAdapterFactory(ClusterNode node) {
        this.node = node;
    }

    @Override
    public Adapter create(String namespace, RecoveryStore recovery) {
        return switch (node.mode()) {
            case CLASSIC -> new RedisAdapter(node, recovery);
            case SHARDED -> new ShardedRedisAdapter(node, recovery);
        };
    }

    /** One store on the node's Redis, shared by every node: a client recovers on any of them. */
    @Override
    public RecoveryStore recoveryStore(RecoveryLimits limits, LongSupplier clock) {
        return RedisRecoveryStore.of(node.settings(), limits);
    }

    /** Every adapter closed (and unsubscribed its namespace): the node's Redis link goes too. */
    @Override
    public void close() {
        node.close();
    }
}
