package dev.sio.engineio.container;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the polling transport's write deadline asks a connection on Payara/GlassFish, whose HTTP
 * layer is Grizzly: how many bytes of a response the connection still holds unsent (its asynchronous
 * write queue, {@code NIOConnection.getAsyncWriteQueue().spaceInBytes()}), and to drop it. The
 * connection is reached from the servlet request by reflection: {@code RequestFacade} -> Catalina's
 * {@code Request} -> Grizzly's {@code Request} -> {@code HttpRequestPacket} -> {@code Connection}.
 * Anything unexpected switches it off for good (then only the Servlet API's own readiness counts).
 */
public final class GrizzlyUnsentBytesProbe {

    private static final Logger LOG = System.getLogger(GrizzlyUnsentBytesProbe.class.getName());

    private final AtomicBoolean disabled = new AtomicBoolean();
    private volatile Reflection reflection;

    private GrizzlyUnsentBytesProbe() {
    }

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

    /** The probe on Payara/GlassFish; null on any other server. */
    public static GrizzlyUnsentBytesProbe createOrNull() {
        return onGrizzly() ? new GrizzlyUnsentBytesProbe() : null;
    }

    /** Payara/GlassFish (whose requests lead to a Grizzly connection). */
    static boolean onGrizzly() {
        try {
            Class.forName("org.apache.catalina.connector.RequestFacade", false, GrizzlyUnsentBytesProbe.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The Grizzly connection behind the request (call before the request completes), or null if unknown. */
    public Object connectionOf(ServletRequest request) {
        if (disabled.get()) return null;
        try {
            Object connection = grizzlyConnectionOf(unwrap(request));
            if (reflection == null) reflection = Reflection.of(connection);
            return connection;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            disable(e);
            return null;
        }
    }

    /** Bytes written by the application and not yet taken by the socket; 0 when unknown. */
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

    /** Drops the connection and what it holds queued, without blocking. */
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

    private static ServletRequest unwrap(ServletRequest request) {
        ServletRequest current = request;
        while (current instanceof ServletRequestWrapper wrapper) current = wrapper.getRequest();
        return current;
    }

    /** RequestFacade -> catalina Request -> Grizzly Request -> HttpRequestPacket -> Connection. */
    private static Object grizzlyConnectionOf(ServletRequest request) throws ReflectiveOperationException {
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

    /** The accessors of {@link #grizzlyConnectionOf}, looked up once per class: a lookup walks every declared method. */
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
