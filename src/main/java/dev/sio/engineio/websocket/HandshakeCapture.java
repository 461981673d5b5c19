package dev.sio.engineio.websocket;

import dev.sio.engineio.server.HandshakeInfo;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Keeps what the upgrade request said (headers, query) for the session. Jakarta WebSocket 2.1
 * makes the user properties seen here a per-connection copy that becomes the session's own.
 * Origin is checked by {@link dev.sio.engineio.http.EngineRequestFilter}, where a refusal can
 * carry a proper status on every server.
 */
public class HandshakeCapture extends ServerEndpointConfig.Configurator {

    static final String HANDSHAKE = "dev.sio.handshake";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        String uri = request.getRequestURI() == null ? null : request.getRequestURI().toString();
        String query = request.getQueryString();
        String url = uri == null ? null : (query == null || uri.contains("?") ? uri : uri + "?" + query);
        boolean secure = request.getRequestURI() != null && "wss".equalsIgnoreCase(request.getRequestURI().getScheme());
        config.getUserProperties().put(HANDSHAKE,
                new HandshakeInfo(request.getHeaders(), request.getParameterMap(), null, url, secure));
    }
}
