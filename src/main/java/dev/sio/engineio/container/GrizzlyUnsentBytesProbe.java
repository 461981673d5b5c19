package dev.sio.engineio.container;

import dev.sio.engineio.polling.UnsentBytesProbe;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link UnsentBytesProbe} on Payara/GlassFish: the Grizzly connection's asynchronous write queue
 * ({@code NIOConnection.getAsyncWriteQueue().spaceInBytes()}), reached by reflection from the
 * servlet request: {@code RequestFacade} -> Catalina's {@code Request} -> Grizzly's {@code Request}
 * -> {@code HttpRequestPacket} -> {@code Connection}. Anything unexpected switches it off for good
 * (then only the Servlet API's own readiness counts).
 */
final class GrizzlyUnsentBytesProbe implements UnsentBytesProbe {

    private static final Logger LOG = System.getLogger(GrizzlyUnsentBytesProbe.class.getName());

    private final AtomicBoolean disabled = new AtomicBoolean();
    private volatile Reflection reflection;

    private record Reflection(Method writeQueue, Method spaceInBytes, Method closeSilently) {
        static Reflection of(Object connection) throws ReflectiveOperationException {
            Method queue = findMethod(connection.getClass(), "getAsyncWriteQueue");
            queue.setAccessible(true);
            Object taskQueue = queue.invoke(connection);
            Method space = findMethod(taskQueue.getClass(), "spaceInBytes");
            space.setAccessible(true);
            Method close = connection.getClass().getMethod("closeSilently");
            return new Reflection(queue, space, close);
        }
    }

    static UnsentBytesProbe createOrNone() {
        return onGrizzly() ? new GrizzlyUnsentBytesProbe() : UnsentBytesProbe.NONE;
    }

    @Override
    public Object connectionOf(ServletRequest request) {
        if (disabled.get()) return null;
        try {
            Object connection = grizzlyConnection(unwrap(request));
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

    /** Payara/GlassFish (whose requests lead to a Grizzly connection). */
    private static boolean onGrizzly() {
        try {
            Class.forName("org.apache.catalina.connector.RequestFacade", false, GrizzlyUnsentBytesProbe.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static ServletRequest unwrap(ServletRequest request) {
        ServletRequest current = request;
        while (current instanceof ServletRequestWrapper wrapper) current = wrapper.getRequest();
        return current;
    }

    private static Object grizzlyConnection(ServletRequest request) throws ReflectiveOperationException {
        Object catalina = call(request, "getUnwrappedCoyoteRequest");
        Object grizzly = call(catalina, "getCoyoteRequest");
        Object packet = call(grizzly, "getRequest");
        return call(packet, "getConnection");
    }

    private static Object call(Object target, String name) throws ReflectiveOperationException {
        Method method = ACCESSORS.get(name).get(target.getClass());
        if (method == null) throw new NoSuchMethodException(target.getClass().getName() + "." + name);
        Object result = method.invoke(target);
        if (result == null) throw new ReflectiveOperationException(name + " returned null");
        return result;
    }

    /** The accessors of {@link #grizzlyConnection}, looked up once per class: a lookup walks every declared method. */
    private static final Map<String, ClassValue<Method>> ACCESSORS = Map.of(
            "getUnwrappedCoyoteRequest", accessor("getUnwrappedCoyoteRequest"),
            "getCoyoteRequest", accessor("getCoyoteRequest"),
            "getRequest", accessor("getRequest"),
            "getConnection", accessor("getConnection"));

    private static ClassValue<Method> accessor(String name) {
        return new ClassValue<>() {
            @Override
            protected Method computeValue(Class<?> type) {
                try {
                    Method method = findMethod(type, name);
                    method.setAccessible(true);
                    return method;
                } catch (NoSuchMethodException | RuntimeException e) {
                    return null;
                }
            }
        };
    }

    private static Method findMethod(Class<?> type, String name) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0) return m;
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }
}
