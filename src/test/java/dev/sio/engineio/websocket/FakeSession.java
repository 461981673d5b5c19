package dev.sio.engineio.websocket;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** The parts of a container's WebSocket session the connection uses during an upgrade, for one Engine.IO revision. */
final class FakeSession {
    final AtomicBoolean closed = new AtomicBoolean();
    final Map<String, Object> properties = new ConcurrentHashMap<>();
    private final Map<String, List<String>> parameters;
    private final int eio;

    FakeSession(String sid, int eio) {
        this.eio = eio;
        parameters = Map.of("EIO", List.of(String.valueOf(eio)), "transport", List.of("websocket"), "sid", List.of(sid));
    }

    Session proxy() {
        RemoteEndpoint.Basic basic = (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Basic.class}, (p, method, args) -> null);
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getUserProperties" -> properties;
                    case "getRequestParameterMap" -> parameters;
                    case "getBasicRemote" -> basic;
                    case "isOpen" -> !closed.get();
                    case "isSecure" -> false;
                    case "getRequestURI" -> URI.create("/socket.io/?EIO=" + eio + "&transport=websocket");
                    case "close" -> {
                        closed.set(true);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeSession";
                    default -> null; // setters: nothing to do
                });
    }
}
