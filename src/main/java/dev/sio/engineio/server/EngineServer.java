package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.protocol.EnginePacketType;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An Engine.IO server: opens sessions, knows them by id, and closes them all at shutdown. Free of
 * container APIs; the transports feed it.
 */
public final class EngineServer {

    private static final Logger LOG = System.getLogger(EngineServer.class.getName());

    private final EngineConfig config;
    private final ScheduledExecutorService scheduler;
    private final ConnectionHandler connectionHandler;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final CorsPolicy cors;
    private final ConnectionLimits limits;

    public EngineServer(EngineConfig config, ScheduledExecutorService scheduler, ConnectionHandler connectionHandler) {
        this(config, scheduler, connectionHandler, CorsPolicy.ANY, ConnectionLimits.unlimited());
    }

    public EngineServer(EngineConfig config, ScheduledExecutorService scheduler, ConnectionHandler connectionHandler,
                        CorsPolicy cors, ConnectionLimits limits) {
        this.config = config;
        this.scheduler = scheduler;
        this.connectionHandler = connectionHandler;
        this.cors = cors;
        this.limits = limits;
    }

    public CorsPolicy cors() {
        return cors;
    }

    public ConnectionLimits limits() {
        return limits;
    }

    public EngineConfig config() {
        return config;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Runs a task later on the server's timer (upgrade deadlines and the like). */
    public java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delay, java.util.concurrent.TimeUnit unit) {
        return scheduler.schedule(task, delay, unit);
    }

    /**
     * Opens a session on a transport: queues the open packet, hands the session to the connection
     * handler and starts the heartbeat.
     *
     * @param upgrades the transports the client may upgrade to (empty on a WebSocket session)
     */
    public EngineSession open(Transport transport, HandshakeInfo handshake, List<String> upgrades) {
        ConnectionLimits.Refusal refusal = limits.tryAcquire(handshake.remoteAddress());
        if (refusal != null) throw new ConnectionRefusedException(refusal);
        String sid = SessionIds.next();
        EngineSession session = new EngineSession(sid, this, transport, handshake);
        sessions.put(sid, session);
        session.send(EnginePacket.text(EnginePacketType.OPEN, openPayload(sid, upgrades)));
        try {
            session.setListener(connectionHandler.onConnection(session));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Connection handler failed for session " + sid, e);
            session.closeNow(CloseReasons.FORCED_CLOSE);
            return session;
        }
        session.startHeartbeat();
        return session;
    }

    /** The open session with this id, or null. */
    public EngineSession find(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    public int sessionCount() {
        return sessions.size();
    }

    void remove(EngineSession session) {
        if (sessions.remove(session.id(), session)) limits.release(session.handshake().remoteAddress());
    }

    /** Closes every session (undeployment). */
    public void closeAll(String reason) {
        for (EngineSession session : List.copyOf(sessions.values())) {
            session.closeNow(reason);
        }
    }

    private String openPayload(String sid, List<String> upgrades) {
        StringBuilder json = new StringBuilder(128).append("{\"sid\":\"").append(sid).append("\",\"upgrades\":[");
        for (int i = 0; i < upgrades.size(); i++) {
            if (i > 0) json.append(',');
            json.append('"').append(upgrades.get(i)).append('"');
        }
        return json.append("],\"pingInterval\":").append(config.pingInterval().toMillis())
                .append(",\"pingTimeout\":").append(config.pingTimeout().toMillis())
                .append(",\"maxPayload\":").append(config.maxPayload())
                .append('}').toString();
    }
}
