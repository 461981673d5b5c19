package dev.sio.it;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only filter deployed by {@link HardeningIT}: sees which closed WebSocket connections the
 * server still keeps. For each WebSocket upgrade on {@code /socket.io/} it holds a weak reference
 * to the upgrade handler the container made for the connection (Tyrus's, which holds the
 * connection's Tyrus WebSocket, upgrade request and our handshake objects), read from Payara's
 * request after the upgrade. The test asks, after the connections closed:
 * <ul>
 * <li>{@code GET /it-upgrades/reset} — forget the handlers seen so far</li>
 * <li>{@code GET /it-upgrades/reachable} — after {@code System.gc()}: "R of T", the handlers still
 *     strongly reachable of those seen (T counts upgrades whose handler could be read)</li>
 * </ul>
 */
@WebFilter(urlPatterns = {"/socket.io/*", "/it-upgrades/*"})
public class UpgradeHandlerProbe extends HttpFilter {

    private final List<WeakReference<Object>> handlers = new ArrayList<>();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/it-upgrades/")) {
            answer(path, response);
            return;
        }
        chain.doFilter(request, response);
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) return;
        Object handler = upgradeHandler(request);
        if (handler == null) return;
        synchronized (handlers) {
            handlers.add(new WeakReference<>(handler));
        }
    }

    private void answer(String path, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain; charset=UTF-8");
        synchronized (handlers) {
            switch (path) {
                case "/it-upgrades/reset" -> {
                    handlers.clear();
                    response.getWriter().write("0 of 0");
                }
                case "/it-upgrades/reachable" -> {
                    System.gc();
                    List<Object> reachable = handlers.stream().map(WeakReference::get).filter(h -> h != null).toList();
                    response.getWriter().write(reachable.size() + " of " + handlers.size() + describe(reachable));
                }
                default -> response.sendError(404);
            }
        }
    }

    /** For a failure message: how many of the reachable handlers their own request still holds, and in what state. */
    private static String describe(List<Object> reachable) {
        int heldByRequest = 0;
        int stillUpgraded = 0;
        int handlerClosed = 0;
        for (Object handler : reachable) {
            try {
                Object connection = read(handler, "wc");
                Object request = connection == null ? null : read(connection, "request");
                if (request == null) continue;
                if (read(request, "httpUpgradeHandler") == handler) heldByRequest++;
                if (Boolean.TRUE.equals(read(request, "upgrade"))) stillUpgraded++;
                if (Boolean.TRUE.equals(read(handler, "closed"))) handlerClosed++;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return " (" + e + ")";
            }
        }
        return reachable.isEmpty() ? "" : " (held by their own request: " + heldByRequest + "; request still upgraded: "
                + stillUpgraded + "; handler closed: " + handlerClosed + ")";
    }

    private static Object read(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException ignored) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
    }

    /** Payara: RequestFacade.request (Catalina's Request) -> getHttpUpgradeHandler(); null elsewhere. */
    private static Object upgradeHandler(ServletRequest request) {
        ServletRequest inner = request;
        while (inner instanceof ServletRequestWrapper wrapper) inner = wrapper.getRequest();
        try {
            Field field = inner.getClass().getDeclaredField("request");
            field.setAccessible(true);
            Object catalina = field.get(inner);
            return catalina.getClass().getMethod("getHttpUpgradeHandler").invoke(catalina);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
