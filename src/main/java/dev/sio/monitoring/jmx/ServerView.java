package dev.sio.monitoring.jmx;

import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.SocketIoServer;

/** The server seen through JMX. */
final class ServerView implements SocketIoServerMXBean {

    private final SocketIoServer server;
    private final EngineServer engine;

    ServerView(SocketIoServer server, EngineServer engine) {
        this.server = server;
        this.engine = engine;
    }

    @Override
    public int getConnections() {
        return engine.sessionCount();
    }

    @Override
    public int getWebSocketConnections() {
        return engine.sessionCount("websocket");
    }

    @Override
    public String[] getNamespaces() {
        return server.namespaces().stream().map(Namespace::name).sorted().toArray(String[]::new);
    }

    @Override
    public long getPingIntervalMillis() {
        return engine.config().pingInterval().toMillis();
    }

    @Override
    public long getPingTimeoutMillis() {
        return engine.config().pingTimeout().toMillis();
    }

    @Override
    public long getMaxPayloadBytes() {
        return engine.config().maxPayload();
    }

    @Override
    public int getMaxConnections() {
        return engine.limits().maxConnections();
    }

    @Override
    public int getMaxConnectionsPerAddress() {
        return engine.limits().maxPerAddress();
    }

    @Override
    public long getMaxQueuedBytes() {
        return engine.config().maxQueuedBytes();
    }

    @Override
    public long getProtocolErrors() {
        return engine.protocolErrors().total();
    }

    @Override
    public boolean disconnectSession(String engineSessionId) {
        EngineSession session = engine.find(engineSessionId);
        if (session == null) return false;
        session.close(dev.sio.engineio.server.CloseReasons.FORCED_CLOSE);
        return true;
    }
}
