package dev.sio.engineio.websocket;

import dev.sio.engineio.protocol.EnginePacket;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * The WebSocket transport of the plain Engine.IO endpoint at {@code <context>/engine.io/}, served
 * only when the conformance application is on. The Encoder/Decoder pair
 * maps one frame to one Engine.IO packet; everything else happens in {@link WebSocketConnection}.
 * It repeats {@link SocketIoWebSocketEndpoint} but for the path: WebSocket annotations are not
 * inherited (Jakarta WebSocket 2.1, section 4.8), so each path needs an annotated class of its own,
 * and both only hand each event to the connection.
 */
@ServerEndpoint(value = EngineIoWebSocketEndpoint.PATH,
        configurator = HandshakeCapture.class,
        decoders = {EnginePacketTextDecoder.class, EnginePacketBinaryDecoder.class},
        encoders = {EnginePacketTextEncoder.class})
public class EngineIoWebSocketEndpoint {

    public static final String PATH = "/engine.io/";

    @OnOpen
    public void onOpen(Session socket) {
        WebSocketConnection.open(socket, PATH);
    }

    @OnMessage
    public void onMessage(EnginePacket packet, Session socket) {
        WebSocketConnection.of(socket).onMessage(packet);
    }

    @OnError
    public void onError(Session socket, Throwable error) {
        WebSocketConnection connection = WebSocketConnection.of(socket);
        if (connection != null) connection.onError(error);
    }

    @OnClose
    public void onClose(Session socket, CloseReason reason) {
        WebSocketConnection connection = WebSocketConnection.of(socket);
        if (connection != null) connection.onClose(reason);
    }
}
