package dev.sio.monitoring.jmx;

/** The Socket.IO server of one application: {@code dev.sio:type=Server,app=<application name>}. */
public interface SocketIoServerMXBean {

    /** Open Engine.IO connections (one per client, whatever its namespaces). */
    int getConnections();

    /** Open connections on WebSocket (the rest are on HTTP long-polling). */
    int getWebSocketConnections();

    String[] getNamespaces();

    long getPingIntervalMillis();

    long getPingTimeoutMillis();

    long getMaxPayloadBytes();

    /** 0: unlimited. */
    int getMaxConnections();

    /** 0: unlimited. */
    int getMaxConnectionsPerAddress();

    /** Bound of each connection's outbound queue in bytes ({@code socketio.max-queued-bytes}). */
    long getMaxQueuedBytes();

    /** Protocol errors clients made since the start (undecodable input, oversized messages, packets out of order). */
    long getProtocolErrors();

    /** Closes a client's whole connection (every namespace); false when no such socket or session. */
    boolean disconnectSession(String engineSessionId);
}
