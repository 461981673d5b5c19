package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.protocol.EnginePacketType;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
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
    private final ProtocolErrors protocolErrors = new ProtocolErrors();
    // false once shutdown() began: new sessions are refused
    private volatile boolean accepting = true;

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

    /** The protocol errors clients made, counted (for monitoring) and logged within bounds. */
    public ProtocolErrors protocolErrors() {
        return protocolErrors;
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
        return open(transport, handshake, upgrades, 4);
    }

    /**
     * As {@link #open(Transport, HandshakeInfo, List)} for a client of the given Engine.IO protocol
     * revision (3 only when {@link EngineConfig#allowEio3()}; the transport checked the request).
     */
    public EngineSession open(Transport transport, HandshakeInfo handshake, List<String> upgrades, int protocol) {
        if (protocol != 4 && !(protocol == 3 && config.allowEio3())) {
            throw new IllegalArgumentException("Engine.IO protocol " + protocol + " is not accepted here");
        }
        if (!accepting) throw refused(ConnectionLimits.Refusal.SHUTTING_DOWN);
        ConnectionLimits.Refusal refusal = limits.tryAcquire(handshake.remoteAddress());
        if (refusal != null) throw refused(refusal);
        String sid = SessionIds.next();
        EngineSession session = new EngineSession(sid, this, transport, handshake, protocol);
        sessions.put(sid, session);
        if (!accepting) {
            // shutdown() began between the check above and the put, and may have missed this session
            sessions.remove(sid, session);
            limits.release(handshake.remoteAddress());
            throw refused(ConnectionLimits.Refusal.SHUTTING_DOWN);
        }
        events.connectionOpened(transport.name());
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

    /** Open sessions whose current transport has this name ("websocket", "polling"). */
    public int sessionCount(String transportName) {
        int count = 0;
        for (EngineSession session : sessions.values()) {
            if (transportName.equals(session.transport().name())) count++;
        }
        return count;
    }

    void remove(EngineSession session) {
        if (sessions.remove(session.id(), session)) limits.release(session.handshake().remoteAddress());
    }

    /** Closes every session now, dropping what is queued. */
    public void closeAll(String reason) {
        for (EngineSession session : List.copyOf(sessions.values())) {
            session.closeNow(reason);
        }
    }

    /**
     * Why a new connection from this address would be refused now (shutting down, or a limit), or
     * null. A quick check for the transports before the costly part of a handshake; {@link #open} decides.
     */
    public ConnectionLimits.Refusal refusal(String address) {
        return accepting ? limits.check(address) : ConnectionLimits.Refusal.SHUTTING_DOWN;
    }

    public boolean isAccepting() {
        return accepting;
    }

    /**
     * Stops the server gracefully: refuses new sessions from now on, closes every session with
     * {@value CloseReasons#SERVER_SHUTTING_DOWN} after what is queued for it has been written (as
     * the reference server's close), waits at most {@code drain} for that, then closes whatever is
     * left at once. Each session ends through its normal close path: its transport closes (a
     * WebSocket with 1001, a parked poll gets a CLOSE packet) and its listener hears the reason.
     * Blocks the caller (the undeploying thread) for at most {@code drain}; idempotent.
     *
     * @return the number of sessions that were still open when shutdown began
     */
    public int shutdown(Duration drain) {
        accepting = false;
        List<EngineSession> open = List.copyOf(sessions.values());
        for (EngineSession session : open) {
            // a polling client reads a CLOSE packet as "transport close" and reconnects; queued, it
            // also reaches a client that is between two polls (its next poll brings it), where a
            // closed session would only answer "unknown sid". WebSocket clients get the 1001 close.
            if ("polling".equals(session.transport().name())) session.send(EnginePacket.CLOSE);
            session.close(CloseReasons.SERVER_SHUTTING_DOWN);
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (!sessions.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!sessions.isEmpty()) {
            LOG.log(Level.INFO, "Shutdown: {0} session(s) had not written their queue in {1} ms; closing them now",
                    sessions.size(), drain.toMillis());
            closeAll(CloseReasons.SERVER_SHUTTING_DOWN);
        }
        return open.size();
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

    // ---- monitoring ----

    private volatile EngineEvents events = EngineEvents.NONE;

    /** The listener told of connections opening, closing, upgrading and refused ({@link EngineEvents#NONE}: none). */
    public void setEvents(EngineEvents listener) {
        this.events = listener == null ? EngineEvents.NONE : listener;
    }

    public EngineEvents events() {
        return events;
    }

    private ConnectionRefusedException refused(ConnectionLimits.Refusal refusal) {
        events.connectionRefused(EngineEvents.Refusal.of(refusal));
        return new ConnectionRefusedException(refusal);
    }
}
