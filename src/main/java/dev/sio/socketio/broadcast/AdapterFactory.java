package dev.sio.socketio.broadcast;

import dev.sio.socketio.recovery.InMemoryRecoveryStore;
import dev.sio.socketio.recovery.RecoveryLimits;
import dev.sio.socketio.recovery.RecoveryStore;
import java.util.function.LongSupplier;

/**
 * Makes the adapter of each namespace, once, when the namespace is created. The server's setting
 * ({@code SocketIoConfig.adapter}): the in-memory one by default, a cluster adapter when the
 * application is configured for one.
 */
@FunctionalInterface
public interface AdapterFactory {

    /** Rooms in this JVM only. */
    AdapterFactory IN_MEMORY = (namespace, recovery) -> new InMemoryAdapter(recovery);

    /**
     * @param namespace the namespace's name
     * @param recovery  where the namespace keeps disconnected sessions (returned by the adapter's
     *                  {@link Adapter#recovery()}), or null when it does not recover
     */
    Adapter create(String namespace, RecoveryStore recovery);

    /**
     * The one store the server's recovering namespaces share (made once, when recovery is on): in this
     * JVM by default; a cluster adapter's factory makes one all its nodes share.
     *
     * @param clock milliseconds, for a store that counts the window itself (tests use a virtual one)
     */
    default RecoveryStore recoveryStore(RecoveryLimits limits, LongSupplier clock) {
        return new InMemoryRecoveryStore(limits, clock);
    }

    /**
     * The server stopped, after every adapter it made was closed: release what the adapters share
     * (a connection to Redis). Called once; nothing to do for the in-memory factory.
     */
    default void close() {
    }
}
