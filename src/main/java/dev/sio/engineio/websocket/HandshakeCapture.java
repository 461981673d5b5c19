package dev.sio.engineio.websocket;

import dev.sio.engineio.server.HandshakeInfo;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps what the upgrade request said (headers, query) for the session, and hands the container one
 * shared instance of each endpoint class. Jakarta WebSocket 2.1 makes the user properties seen here
 * a per-connection copy that becomes the session's own; {@link WebSocketConnection} takes the
 * handshake out of them when the connection opens. Origin is checked by
 * {@link dev.sio.engineio.http.EngineRequestFilter}, where a refusal can carry a proper status on
 * every server.
 */
public class HandshakeCapture extends ServerEndpointConfig.Configurator {

    static final String HANDSHAKE = "dev.sio.handshake";

    private final Map<Class<?>, Object> endpoints = new ConcurrentHashMap<>();

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        String uri = request.getRequestURI() == null ? null : request.getRequestURI().toString();
        String query = request.getQueryString();
        String url = uri == null ? null : (query == null || uri.contains("?") ? uri : uri + "?" + query);
        boolean secure = request.getRequestURI() != null && "wss".equalsIgnoreCase(request.getRequestURI().getScheme());
        config.getUserProperties().put(HANDSHAKE,
                new HandshakeInfo(request.getHeaders(), request.getParameterMap(), null, url, secure));
    }

    /**
     * One instance per endpoint class for all connections (the specification allows it; our endpoints
     * keep no state: each connection's state is a {@link WebSocketConnection}). The default makes one per
     * connection, on Payara through CDI (an injection target built per connection) and keeps it until
     * the connection closes.
     */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        Object existing = endpoints.get(endpointClass);
        if (existing == null) {
            try {
                existing = endpoints.computeIfAbsent(endpointClass, HandshakeCapture::instantiate);
            } catch (IllegalStateException e) {
                InstantiationException failure = new InstantiationException(e.getMessage());
                failure.initCause(e.getCause());
                throw failure;
            }
        }
        return endpointClass.cast(existing);
    }

    private static Object instantiate(Class<?> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create endpoint " + type.getName(), e);
        }
    }
}
