package dev.sio.engineio.container;

import jakarta.websocket.Session;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;

/**
 * The client's address of a WebSocket session where the container keeps it below the Jakarta API:
 * Tyrus (Payara, GlassFish) and Undertow (WildFly). Gives up quietly (null) elsewhere.
 */
final class RemoteAddress {

    private RemoteAddress() {
    }

    static String of(Session socket) {
        try { // Tyrus: TyrusSession.getRemoteAddr()
            Method method = socket.getClass().getMethod("getRemoteAddr");
            Object value = method.invoke(socket);
            return value == null ? null : value.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return undertow(socket);
        }
    }

    /** Undertow: UndertowSession.getWebSocketChannel().getSourceAddress(), an InetSocketAddress. */
    private static String undertow(Session socket) {
        try {
            Object channel = socket.getClass().getMethod("getWebSocketChannel").invoke(socket);
            Object source = channel == null ? null : channel.getClass().getMethod("getSourceAddress").invoke(channel);
            if (source instanceof InetSocketAddress address && address.getAddress() != null) {
                return address.getAddress().getHostAddress(); // as HttpServletRequest.getRemoteAddr() gives it
            }
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
