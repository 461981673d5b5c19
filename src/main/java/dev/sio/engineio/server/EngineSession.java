package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.protocol.EnginePacketType;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Engine.IO session: its id, its current transport, its outbound queue and its heartbeat.
 * Thread-safe: packets are queued from any thread, received on the transport's thread.
 */
public final class EngineSession {

    private static final Logger LOG = System.getLogger(EngineSession.class.getName());

    private final String id;
    private final EngineServer server;
    // the Engine.IO revision: 4, or 3 for socket.io-client 2.x (client-driven heartbeat); fixed for the session
    private final int protocol;
    private final HandshakeInfo handshake;
    private final OutboundQueue outbound;
    // the reason of a pending flush-then-close, null while none is pending
    private final AtomicReference<String> closing = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean upgrading = new AtomicBoolean();
    private final AtomicBoolean protocolErrorLogged = new AtomicBoolean();
    private final Object timerLock = new Object();

    private volatile Transport transport;
    private volatile SessionListener listener = SessionListener.NONE;
    private volatile String closeReason;
    private ScheduledFuture<?> pingTimer;     // guarded by timerLock
    private ScheduledFuture<?> pongDeadline;  // guarded by timerLock
    private ScheduledFuture<?> closeDeadline; // guarded by timerLock; the end of a flush-then-close
    private int deadlineExtensions;           // guarded by timerLock
    // a message being handled on the transport's thread: the client's pong may be waiting unread behind it
    private volatile boolean dispatching;

    EngineSession(String id, EngineServer server, Transport transport, HandshakeInfo handshake) {
        this(id, server, transport, handshake, 4);
    }

    EngineSession(String id, EngineServer server, Transport transport, HandshakeInfo handshake, int protocol) {
        this.id = id;
        this.protocol = protocol;
        this.server = server;
        this.transport = transport;
        this.handshake = handshake;
        this.outbound = new OutboundQueue(server.config().maxQueuedPackets(), server.config().maxQueuedBytes());
    }

    public String id() {
        return id;
    }

    public HandshakeInfo handshake() {
        return handshake;
    }

    /** The client's Engine.IO protocol revision: 4, or 3 (socket.io-client 2.x, when the server allows it). */
    public int protocol() {
        return protocol;
    }

    public Transport transport() {
        return transport;
    }

    public EngineServer server() {
        return server;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** Why the session ended, once it has. */
    public String closeReason() {
        return closeReason;
    }

    public void setListener(SessionListener listener) {
        this.listener = listener == null ? SessionListener.NONE : listener;
    }

    // ---- outbound ----

    /** Queues one packet. False when the session is closed or its queue overflowed (the session is then closed). */
    public boolean send(EnginePacket packet) {
        if (closed.get() || closing.get() != null) return false;
        if (!outbound.offer(packet)) {
            overflow();
            return false;
        }
        transport.packetsReady(this);
        return true;
    }

    /** Queues packets that belong together (a Socket.IO header and its attachments): all or none. */
    public boolean send(List<EnginePacket> packets) {
        if (packets.size() == 1) return send(packets.get(0));
        if (closed.get() || closing.get() != null) return false;
        if (!outbound.offerAll(packets)) {
            overflow();
            return false;
        }
        transport.packetsReady(this);
        return true;
    }

    /** Queues the packets only if the transport can write them at once; otherwise drops them (Socket.IO's volatile). */
    public boolean sendVolatile(List<EnginePacket> packets) {
        if (closed.get() || !transport.isWritable() || !outbound.isEmpty()) return false;
        return send(packets);
    }

    /** For transports: the next packet to write, or null. */
    public EnginePacket pollOutbound() {
        EnginePacket next = outbound.poll();
        if (next == null) {
            String pending = closing.get();
            if (pending != null) closeNow(pending);
        }
        return next;
    }

    /** For the polling transport: the packets that fit in one response. */
    public List<EnginePacket> drainOutbound(int maxChars) {
        return outbound.drain(maxChars);
    }

    public boolean hasOutbound() {
        return !outbound.isEmpty();
    }

    /** For transports: tells the session its queue ran empty, so a pending flush-then-close can finish. */
    public void outboundDrained() {
        String pending = closing.get();
        if (pending != null && outbound.isEmpty()) closeNow(pending);
    }

    private void overflow() {
        LOG.log(Level.WARNING, "Closing session {0}: outbound queue full ({1} packets or {2} bytes at most); "
                + "the client does not read fast enough", id, server.config().maxQueuedPackets(),
                Long.toString(server.config().maxQueuedBytes()));
        closeNow(CloseReasons.SEND_BUFFER_FULL);
    }

    /**
     * The client broke the protocol (the caller decides whether to close): counted on the server,
     * logged at most once for this session and within the server's bounds. {@code description}
     * may carry client input; it is made safe before it is logged.
     */
    public void protocolError(String description) {
        server.protocolErrors().record(id, description, protocolErrorLogged.compareAndSet(false, true));
    }

    // ---- inbound ----

    /** A packet from the client, on the transport's thread. */
    public void receive(EnginePacket packet) {
        if (closed.get()) return;
        switch (packet.type()) {
            case MESSAGE -> {
                dispatching = true;
                try {
                    listener.onMessage(packet);
                } finally {
                    dispatching = false;
                }
            }
            case PONG -> {
                if (protocol == 3) {
                    // Engine.IO v3 heartbeats are client-driven: the server never pings, so a pong breaks the protocol
                    protocolError("client sent a pong (invalid heartbeat direction)");
                    closeNow(CloseReasons.TRANSPORT_ERROR);
                } else {
                    onPong();
                }
            }
            case CLOSE -> closeNow(CloseReasons.TRANSPORT_CLOSE);
            // Engine.IO v4 heartbeats are server-driven: a client ping (other than an upgrade probe,
            // which the transport answers itself) breaks the protocol. In v3 the client pings.
            case PING -> {
                if (protocol == 3) {
                    onClientPing(packet);
                } else {
                    protocolError("client sent a ping (invalid heartbeat direction)");
                    closeNow(CloseReasons.TRANSPORT_ERROR);
                }
            }
            default -> { /* open, upgrade, noop outside an upgrade: ignored, as the reference server does */ }
        }
    }

    // ---- transport changes ----

    /** Starts an upgrade; false when one is under way already or the session is on a WebSocket. */
    public boolean beginUpgrade() {
        if (closed.get() || "websocket".equals(transport.name())) return false;
        return upgrading.compareAndSet(false, true);
    }

    public boolean isUpgrading() {
        return upgrading.get();
    }

    /** The probe succeeded: the current transport releases its parked request. */
    public void upgradeProbed() {
        transport.upgradeProbed();
    }

    /** Switches to the new transport (the client sent the upgrade packet) and retires the old one. */
    public void completeUpgrade(Transport next) {
        Transport previous = this.transport;
        this.transport = next;
        upgrading.set(false);
        server.events().upgraded();
        previous.retire();
        if (hasOutbound()) next.packetsReady(this);
    }

    public void abortUpgrade() {
        upgrading.set(false);
    }

    /** The transport's connection ended or failed. */
    public void transportClosed(String reason) {
        closeNow(reason);
    }

    // ---- closing ----

    /** Closes after the queued packets are written (so a final DISCONNECT still arrives). */
    public void close(String reason) {
        if (closed.get() || !closing.compareAndSet(null, reason)) return;
        if (outbound.isEmpty()) {
            closeNow(reason);
        } else {
            transport.packetsReady(this);
            // A client that never reads must not keep the session forever. Cancelled when the
            // session closes first, so the task does not keep a closed session reachable.
            ScheduledFuture<?> deadline = server.scheduler().schedule(() -> closeNow(reason),
                    server.config().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
            synchronized (timerLock) {
                closeDeadline = deadline;
                if (closed.get()) deadline.cancel(false); // closed meanwhile: cancelTimers ran before us
            }
        }
    }

    /** Closes now, dropping whatever is still queued. */
    public void closeNow(String reason) {
        if (!closed.compareAndSet(false, true)) return;
        closeReason = reason;
        cancelTimers();
        outbound.clear();
        server.remove(this);
        server.events().connectionClosed(transport.name(), reason);
        try {
            transport.close(reason);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Session " + id + ": transport close failed", e);
        }
        try {
            listener.onClose(reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Session " + id + ": close listener failed", e);
        }
    }

    // ---- heartbeat ----

    void startHeartbeat() {
        if (protocol == 3) armClientPingDeadline();
        else schedulePing();
    }

    // ---- heartbeat of Engine.IO v3: the client pings every pingInterval, the server answers ----

    /**
     * The next ping must arrive within pingInterval + pingTimeout (as the reference server waits
     * for v3 clients), or the session ends with "ping timeout". Reuses {@code pongDeadline}: a v3
     * session never waits for a pong.
     */
    private void armClientPingDeadline() {
        long millis = server.config().pingInterval().toMillis() + server.config().pingTimeout().toMillis();
        synchronized (timerLock) {
            if (closed.get()) return;
            if (pongDeadline != null) pongDeadline.cancel(false);
            deadlineExtensions = 0;
            // pongMissed serves both: a ping may sit unread behind a running handler, as a pong may
            pongDeadline = server.scheduler().schedule(this::pongMissed, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** A v3 client's ping: the deadline starts again and the pong echoes the ping's data (the v3 spec). */
    private void onClientPing(EnginePacket ping) {
        armClientPingDeadline();
        send(ping.data() == null ? EnginePacket.PONG : EnginePacket.text(EnginePacketType.PONG, ping.data()));
    }

    private void schedulePing() {
        synchronized (timerLock) {
            if (closed.get()) return;
            pingTimer = server.scheduler().schedule(this::ping,
                    server.config().pingInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void ping() {
        synchronized (timerLock) {
            if (closed.get()) return;
            deadlineExtensions = 0;
            // armed before the ping leaves, so a fast pong always finds it
            pongDeadline = server.scheduler().schedule(this::pongMissed,
                    server.config().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        send(EnginePacket.PING);
    }

    /**
     * The pong is late. If the transport's thread is still inside a handler, the pong may be sitting
     * unread behind it: wait one more timeout (twice at most) rather than blame the client for the
     * server's own slowness.
     */
    private void pongMissed() {
        synchronized (timerLock) {
            if (closed.get() || pongDeadline == null) return;
            if (dispatching && deadlineExtensions < 2) {
                deadlineExtensions++;
                pongDeadline = server.scheduler().schedule(this::pongMissed,
                        server.config().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
        }
        closeNow(CloseReasons.PING_TIMEOUT);
    }

    private void onPong() {
        synchronized (timerLock) {
            if (pongDeadline == null) return; // unsolicited pong: nothing to do
            pongDeadline.cancel(false);
            pongDeadline = null;
        }
        schedulePing();
    }

    private void cancelTimers() {
        synchronized (timerLock) {
            if (pingTimer != null) pingTimer.cancel(false);
            if (pongDeadline != null) pongDeadline.cancel(false);
            if (closeDeadline != null) closeDeadline.cancel(false);
            pingTimer = null;
            pongDeadline = null;
            closeDeadline = null;
        }
    }

    @Override
    public String toString() {
        return "EngineSession[" + id + "," + transport.name() + "]";
    }
}
