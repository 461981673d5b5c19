package dev.sio.engineio.polling;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Notices a cancelled long-poll on Payara/GlassFish, whose HTTP layer is Grizzly: it reaches the
 * Grizzly connection behind the request by reflection, listens for its close, and turns reading back
 * on (without that Grizzly never reads the parked socket and never sees the close). Measured on
 * Payara Micro 6: detection within ~1-11 ms. Anything unexpected switches it off for good, and the
 * portable duplicate-poll rule remains.
 */
final class GrizzlyAbortDetector implements AbortedPollDetector {

    private static final Logger LOG = System.getLogger(GrizzlyAbortDetector.class.getName());
    private static final String LISTENER = GrizzlyAbortDetector.class.getName() + ".listener";
    private static final String CONNECTION = GrizzlyAbortDetector.class.getName() + ".connection";

    private final AtomicBoolean disabled = new AtomicBoolean();
    private volatile Reflection reflection;

    static AbortedPollDetector createOrNone() {
        return onGrizzly() ? new GrizzlyAbortDetector() : AbortedPollDetector.NONE;
    }

    /** Payara/GlassFish (whose requests lead to a Grizzly connection). */
    static boolean onGrizzly() {
        try {
            Class.forName("org.apache.catalina.connector.RequestFacade", false, GrizzlyAbortDetector.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The reflective handles, resolved once from the first connection's class loader. */
    private record Reflection(Class<?> closeListener, Method addCloseListener, Method removeCloseListener,
                              Method enableIOEvent, Object readEvent) {
        static Reflection of(Object connection) throws ReflectiveOperationException {
            ClassLoader loader = connection.getClass().getClassLoader();
            Class<?> listener = Class.forName("org.glassfish.grizzly.CloseListener", false, loader);
            Class<?> ioEvent = Class.forName("org.glassfish.grizzly.IOEvent", false, loader);
            Method add = connection.getClass().getMethod("addCloseListener", listener);
            Method remove = connection.getClass().getMethod("removeCloseListener", listener);
            Method enable = connection.getClass().getMethod("enableIOEvent", ioEvent);
            Object read = ioEvent.getMethod("valueOf", String.class).invoke(null, "READ");
            return new Reflection(listener, add, remove, enable, read);
        }
    }

    @Override
    public void watch(ServletRequest request, Runnable onAbort) {
        if (disabled.get()) return;
        try {
            Object connection = connectionOf(unwrap(request));
            Reflection r = reflection;
            if (r == null) reflection = r = Reflection.of(connection);
            AtomicBoolean fired = new AtomicBoolean();
            Object listener = Proxy.newProxyInstance(r.closeListener().getClassLoader(), new Class<?>[]{r.closeListener()},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "onClosed" -> {
                                if (fired.compareAndSet(false, true)) onAbort.run();
                                return null;
                            }
                            case "hashCode" -> { return System.identityHashCode(proxy); }
                            case "equals" -> { return proxy == args[0]; }
                            case "toString" -> { return "AbortedPollListener"; }
                            default -> { return null; }
                        }
                    });
            r.addCloseListener().invoke(connection, listener);
            r.enableIOEvent().invoke(connection, r.readEvent());
            request.setAttribute(LISTENER, listener);
            request.setAttribute(CONNECTION, connection);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            if (disabled.compareAndSet(false, true)) {
                LOG.log(Level.INFO, "Cancelled long-polls will be noticed only when the client polls again "
                        + "(no Grizzly connection reachable: {0})", e.toString());
            }
        }
    }

    @Override
    public void forget(ServletRequest request) {
        Reflection r = reflection;
        if (r == null) return;
        try {
            Object listener = request.getAttribute(LISTENER);
            Object connection = request.getAttribute(CONNECTION);
            if (listener != null && connection != null) r.removeCloseListener().invoke(connection, listener);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.DEBUG, "Could not remove a close listener: {0}", e.toString());
        }
    }

    static ServletRequest unwrap(ServletRequest request) {
        ServletRequest current = request;
        while (current instanceof ServletRequestWrapper wrapper) current = wrapper.getRequest();
        return current;
    }

    /** RequestFacade -> catalina Request -> Grizzly Request -> HttpRequestPacket -> Connection. */
    static Object connectionOf(ServletRequest request) throws ReflectiveOperationException {
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

    /** The accessors of {@link #connectionOf}, looked up once per class: a lookup walks every declared method. */
    private static final java.util.Map<String, ClassValue<Method>> ACCESSORS = java.util.Map.of(
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

    static Method findMethod(Class<?> type, String name) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0) return m;
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }
}
