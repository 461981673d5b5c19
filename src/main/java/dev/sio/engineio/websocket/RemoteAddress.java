package dev.sio.engineio.websocket;

import jakarta.websocket.Session;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;

/**
 * The client's address of a WebSocket session. The Jakarta API has none; servers expose it in
 * their own way, so look for the known ones and give up quietly (null) elsewhere.
 */
final class RemoteAddress {

    private RemoteAddress() {
    }

    static String of(Session socket) {
        Object property = socket.getUserProperties().get("jakarta.websocket.endpoint.remoteAddress");
        if (property != null) return hostOf(property.toString());
        try { // Tyrus (Payara, GlassFish): TyrusSession.getRemoteAddr()
            Method method = socket.getClass().getMethod("getRemoteAddr");
            Object value = method.invoke(socket);
            return value == null ? null : value.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return undertow(socket);
        }
    }

    /** Undertow (WildFly): UndertowSession.getWebSocketChannel().getSourceAddress(), an InetSocketAddress. */
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

    private static String hostOf(String address) {
        String value = address.startsWith("/") ? address.substring(1) : address;
        int colon = value.lastIndexOf(':');
        if (colon > 0 && value.indexOf(':') == colon) value = value.substring(0, colon); // IPv4 host:port
        return value;
    }
}
