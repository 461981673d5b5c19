package dev.sio.engineio.polling;

import jakarta.servlet.ServletRequest;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link UnsentBytesProbe} on Payara/GlassFish: the Grizzly connection's asynchronous write queue
 * ({@code NIOConnection.getAsyncWriteQueue().spaceInBytes()}), reached by reflection as in
 * {@link GrizzlyAbortDetector}. Anything unexpected switches it off for good (then only the
 * Servlet API's own readiness counts).
 */
final class GrizzlyUnsentBytesProbe implements UnsentBytesProbe {

    private static final Logger LOG = System.getLogger(GrizzlyUnsentBytesProbe.class.getName());

    private final AtomicBoolean disabled = new AtomicBoolean();
    private volatile Reflection reflection;

    private record Reflection(Method writeQueue, Method spaceInBytes, Method closeSilently) {
        static Reflection of(Object connection) throws ReflectiveOperationException {
            Method queue = GrizzlyAbortDetector.findMethod(connection.getClass(), "getAsyncWriteQueue");
            queue.setAccessible(true);
            Object taskQueue = queue.invoke(connection);
            Method space = GrizzlyAbortDetector.findMethod(taskQueue.getClass(), "spaceInBytes");
            space.setAccessible(true);
            Method close = connection.getClass().getMethod("closeSilently");
            return new Reflection(queue, space, close);
        }
    }

    static UnsentBytesProbe createOrNone() {
        return GrizzlyAbortDetector.onGrizzly() ? new GrizzlyUnsentBytesProbe() : UnsentBytesProbe.NONE;
    }

    @Override
    public Object connectionOf(ServletRequest request) {
        if (disabled.get()) return null;
        try {
            Object connection = GrizzlyAbortDetector.connectionOf(GrizzlyAbortDetector.unwrap(request));
            if (reflection == null) reflection = Reflection.of(connection);
            return connection;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            disable(e);
            return null;
        }
    }

    @Override
    public long unsentBytes(Object connection) {
        Reflection r = reflection;
        if (connection == null || r == null || disabled.get()) return 0;
        try {
            Object queue = r.writeQueue().invoke(connection);
            return queue == null ? 0 : ((Number) r.spaceInBytes().invoke(queue)).longValue();
        } catch (ReflectiveOperationException | RuntimeException e) {
            disable(e);
            return 0;
        }
    }

    @Override
    public void close(Object connection) {
        Reflection r = reflection;
        if (connection == null || r == null) return;
        try {
            r.closeSilently().invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.DEBUG, "Could not close a connection: {0}", e.toString());
        }
    }

    private void disable(Throwable cause) {
        if (disabled.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "Poll answers a client does not read are noticed only by the Servlet API "
                    + "(no Grizzly write queue reachable: {0})", cause.toString());
        }
    }
}
