package dev.sio.socketio.server;

import dev.sio.cluster.ClusterAdapter;
import dev.sio.cluster.ClusterMode;
import dev.sio.cluster.ClusterNode;
import dev.sio.cluster.RedisAdapter;
import dev.sio.cluster.ShardedRedisAdapter;
import dev.sio.socketio.broadcast.Adapter;
import dev.sio.socketio.broadcast.AdapterFactory;
import dev.sio.socketio.recovery.RecoveryLimits;
import dev.sio.socketio.recovery.RecoveryStore;
import dev.sio.socketio.server.SioHarness.Frame;
import dev.sio.socketio.server.SioHarness.TestClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What the cross-node recovery tests share (CrossNodeRestoreRaceTest, TwoNodesBroadcastingTest,
 * StoredBroadcastOverRedisTest): a node's adapter over a shared store, what a test client got (the
 * events' first arguments, the offset of its last stored packet) and a bounded wait.
 */
final class StoredPacketClients {

    private StoredPacketClients() {
    }

    /** The mode's cluster adapter on {@code node}, recovering through {@code store}. */
    static ClusterAdapter adapter(ClusterMode mode, ClusterNode node, RecoveryStore store) {
        return mode == ClusterMode.SHARDED ? new ShardedRedisAdapter(node, store) : new RedisAdapter(node, store);
    }

    /** Namespaces of one harness: the mode's cluster adapter on {@code node}, all recovering through {@code store}. */
    static AdapterFactory adapters(ClusterMode mode, ClusterNode node, RecoveryStore store) {
        return new AdapterFactory() {
            @Override
            public Adapter create(String namespace, RecoveryStore recovery) {
                return adapter(mode, node, recovery);
            }

            @Override
            public RecoveryStore recoveryStore(RecoveryLimits limits, LongSupplier clock) {
                return store;
            }
        };
    }

    /** The first argument of every EVENT (and BINARY_EVENT) the client got, in order. */
    static List<String> news(TestClient client) {
        List<String> out = new ArrayList<>();
        for (String text : client.texts()) {
            if (text.startsWith("42") || text.startsWith("45")) out.add(Frame.parse(text).array().getString(1));
        }
        return out;
    }

    /** The offset (last argument) of the last EVENT the client got; null before any. */
    static String lastOffset(TestClient client) {
        String last = null;
        for (String text : client.texts()) {
            if (text.startsWith("42")) {
                JsonArray a = Frame.parse(text).array();
                last = ((JsonString) a.get(a.size() - 1)).getString();
            }
        }
        return last;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until the condition holds, at most 10 s. */
    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            sleep(2);
        }
    }
}
