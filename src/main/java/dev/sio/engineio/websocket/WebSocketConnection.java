package dev.sio.engineio.websocket;

import dev.sio.log.LogSafe;
import dev.sio.engineio.protocol.EngineCodecV3;
import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.protocol.EngineProtocolException;
import dev.sio.engineio.protocol.EnginePacketType;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.engineio.server.ConnectionLimits;
import dev.sio.engineio.server.ConnectionRefusedException;
import dev.sio.engineio.server.EngineError;
import dev.sio.engineio.server.EngineRegistry;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.HandshakeValidator;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Session;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What an Engine.IO WebSocket connection does with the container's callbacks: opens a session,
 * or joins one that upgrades from polling, and feeds it the decoded packets. One per connection;
 * the annotated endpoints only translate container callbacks into calls here.
 */
final class WebSocketConnection {

    private static final Logger LOG = System.getLogger(WebSocketConnection.class.getName());
    private static final String KEY = "dev.sio.connection";
    /**
     * While the client has its probe answer and the upgrade packet has not come, the polling
     * transport is told again this often (Node's engine.io: a noop to a waiting GET every 100 ms).
     */
    static final long UPGRADE_NUDGE_MILLIS = 100;

    private enum State { OPEN, PROBING, UPGRADED_WAIT, CLOSED }

    private final Session socket;
    private final WebSocketTransport transport;
    private volatile EngineSession session;
    // changed by compare-and-set where two threads can race: the upgrade deadline (a timer thread)
    // against the client's probe and upgrade packets (the socket's thread)
    private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);
    private volatile ScheduledFuture<?> upgradeDeadline;
    private volatile ScheduledFuture<?> upgradeNudge;
    // set at open, before the session exists: an Engine.IO 3 client (binary frames carry a type byte)
    private volatile boolean eio3;
    /** Set at open: the timer that releases the container's hold on this connection once it closed. */
    private volatile EngineServer engine;
    /** What the container's hooks took at open to release the container's objects after close; null: nothing. */
    private volatile Object opened;

    private WebSocketConnection(Session socket) {
        this.socket = socket;
        this.transport = new WebSocketTransport(socket);
    }

    static void open(Session socket, String path) {
        WebSocketConnection connection = new WebSocketConnection(socket);
        socket.getUserProperties().put(KEY, connection);
        connection.onOpen(path);
    }

    static WebSocketConnection of(Session socket) {
        return (WebSocketConnection) socket.getUserProperties().get(KEY);
    }

    private void onOpen(String path) {
        EngineServer engine = EngineRegistry.get(path);
        this.engine = engine;
        this.opened = ContainerHooks.installed().atOpen(socket);
        if (engine == null) {
            refuse(CloseReason.CloseCodes.TRY_AGAIN_LATER, "server not ready");
            return;
        }
        Map<String, List<String>> params = socket.getRequestParameterMap();
        String eio = first(params, "EIO");
        var error = HandshakeValidator.check(eio, first(params, "transport"), "websocket", engine.config().allowEio3());
        if (error.isPresent()) {
            refuse(CloseReason.CloseCodes.PROTOCOL_ERROR, error.get().message());
            return;
        }
        int protocol = HandshakeValidator.protocol(eio);
        if (protocol == 3) {
            if (first(params, "b64") != null) {
                // forceBase64 over WebSocket: its text frames "b4<base64>" would reach the v4 frame
                // decoder, which reads "b<base64>"; refused rather than misread (see docs/legacy-clients.md)
                refuse(CloseReason.CloseCodes.CANNOT_ACCEPT, "base64 WebSocket frames (b64) are not supported for EIO=3");
                return;
            }
            eio3 = true;
            transport.useEio3();
        }
        socket.setMaxTextMessageBufferSize(engine.config().maxPayload());
        socket.setMaxBinaryMessageBufferSize(engine.config().maxPayload());
        socket.setMaxIdleTimeout(0); // liveness is the Engine.IO heartbeat's job
        String sid = first(params, "sid");
        if (sid == null) {
            try {
                session = engine.open(transport, handshake(), List.of(), protocol);
                state.set(State.OPEN);
            } catch (ConnectionRefusedException refused) {
                LOG.log(refused.refusal() == ConnectionLimits.Refusal.SHUTTING_DOWN ? Level.DEBUG : Level.WARNING,
                        "Refused a WebSocket connection: {0}", refused.getMessage());
                refuse(CloseReason.CloseCodes.TRY_AGAIN_LATER, refused.getMessage());
            }
            return;
        }
        socket.getUserProperties().remove(HandshakeCapture.HANDSHAKE); // the polling request's handshake stays the session's
        EngineSession existing = engine.find(sid);
        if (existing == null) {
            refuse(CloseReason.CloseCodes.CANNOT_ACCEPT, EngineError.UNKNOWN_SID.message());
        } else if (existing.protocol() != protocol) {
            refuse(CloseReason.CloseCodes.CANNOT_ACCEPT, "the session was opened with another EIO");
        } else if (!existing.beginUpgrade()) {
            // the spec: one WebSocket per session
            refuse(CloseReason.CloseCodes.CANNOT_ACCEPT, "session already upgraded or upgrading");
        } else {
            session = existing;
            state.set(State.PROBING);
            upgradeDeadline = scheduleUpgradeTimeout(engine);
        }
    }

    void onMessage(EnginePacket packet) {
        EngineSession current = session;
        if (current == null) return;
        if (eio3 && packet.isBinary()) {
            // a v3 binary frame starts with its packet type byte
            try {
                packet = EngineCodecV3.decodeBinaryFrame(packet.binary());
            } catch (EngineProtocolException e) {
                current.protocolError("invalid binary frame: " + e.getMessage());
                if (state.get() == State.OPEN) current.closeNow(CloseReasons.PARSE_ERROR);
                else refuse(CloseReason.CloseCodes.PROTOCOL_ERROR, CloseReasons.PARSE_ERROR);
                return;
            }
        }
        if (tooLarge(packet, current.server().config().maxPayload())) {
            // the container's own buffer limit is not applied the same way everywhere: check here
            current.protocolError("message over the " + current.server().config().maxPayload() + "-byte limit");
            refuse(CloseReason.CloseCodes.TOO_BIG, "message too big");
            current.closeNow(CloseReasons.TRANSPORT_ERROR);
            return;
        }
        switch (state.get()) {
            case OPEN -> receive(current, packet);
            case PROBING -> onProbing(current, packet);
            case UPGRADED_WAIT -> onUpgradePacket(current, packet);
            default -> { }
        }
    }

    /**
     * Hands the packet on; what its handler sends is batched per connection and per parked poll
     * (see {@link SendBurst}).
     */
    private static void receive(EngineSession current, EnginePacket packet) {
        SendBurst burst = SendBurst.begin();
        try {
            current.receive(packet);
        } finally {
            burst.end();
        }
    }

    private static boolean tooLarge(EnginePacket packet, int maxPayload) {
        if (packet.isBinary()) return packet.binary().length > maxPayload;
        String data = packet.data();
        if (data == null || data.length() * 3L + 1 <= maxPayload) return false; // cannot exceed, even all 3-byte chars
        return data.length() + 1 > maxPayload
                || data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1 > maxPayload;
    }

    private void onProbing(EngineSession current, EnginePacket packet) {
        if (packet.type() == EnginePacketType.PING && "probe".equals(packet.data())) {
            try {
                socket.getBasicRemote().sendText(EnginePacket.PONG_PROBE.wireText());
            } catch (IOException e) {
                failUpgrade(current, "probe answer failed");
                return;
            }
            if (!state.compareAndSet(State.PROBING, State.UPGRADED_WAIT)) return; // the deadline won
            current.upgradeProbed();
            // Once is not enough: the client may read the noop before the probe's pong (two
            // connections) and poll again, or its next GET may park just as the noop is set for it;
            // it then waits for that poll before it sends the upgrade packet, and a v3 client does
            // not ping while it upgrades, so nothing would answer the poll before the ping deadline.
            scheduleUpgradeNudge(current);
        } else {
            failUpgrade(current, "unexpected packet during upgrade probe");
        }
    }

    private void onUpgradePacket(EngineSession current, EnginePacket packet) {
        if (packet.type() == EnginePacketType.UPGRADE) {
            if (!current.isOpen()) {
                failUpgrade(current, "session closed during the upgrade");
                return;
            }
            if (!state.compareAndSet(State.UPGRADED_WAIT, State.OPEN)) return; // the deadline won
            cancelUpgradeDeadline();
            current.completeUpgrade(transport);
        } else if (packet.type() == EnginePacketType.NOOP) {
            // clients may send noops while they wait for the polling transport to pause
        } else {
            failUpgrade(current, "unexpected packet during upgrade");
        }
    }

    /** Ends an upgrade under way; does nothing when it has ended already (completed, failed or closed). */
    private void failUpgrade(EngineSession current, String why) {
        if (!state.compareAndSet(State.PROBING, State.CLOSED) && !state.compareAndSet(State.UPGRADED_WAIT, State.CLOSED)) return;
        LOG.log(Level.DEBUG, "Session {0}: upgrade failed: {1}", current.id(), why);
        cancelUpgradeDeadline();
        current.abortUpgrade();
        session = null;
        refuse(CloseReason.CloseCodes.PROTOCOL_ERROR, why);
    }

    private ScheduledFuture<?> scheduleUpgradeTimeout(EngineServer engine) {
        EngineSession current = session;
        return engine.schedule(() -> {
            failUpgrade(current, "upgrade timeout");
        }, engine.config().upgradeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Tells the polling transport again, every {@link #UPGRADE_NUDGE_MILLIS}, until the upgrade ends. */
    private void scheduleUpgradeNudge(EngineSession current) {
        upgradeNudge = current.server().schedule(() -> {
            if (state.get() != State.UPGRADED_WAIT) return;
            if (!current.isOpen()) {
                // the session ended meanwhile (a ping deadline, a close over polling): as Node, the
                // WebSocket waiting to take it over is closed, not left open without a session
                failUpgrade(current, "session closed during the upgrade");
                return;
            }
            current.upgradeProbed();
            scheduleUpgradeNudge(current);
        }, UPGRADE_NUDGE_MILLIS, TimeUnit.MILLISECONDS);
        if (state.get() != State.UPGRADED_WAIT) cancelUpgradeNudge(); // ended meanwhile
    }

    private void cancelUpgradeNudge() {
        ScheduledFuture<?> nudge = upgradeNudge;
        if (nudge != null) nudge.cancel(false);
    }

    private void cancelUpgradeDeadline() {
        ScheduledFuture<?> deadline = upgradeDeadline;
        if (deadline != null) deadline.cancel(false);
        cancelUpgradeNudge();
    }

    void onError(Throwable error) {
        EngineSession current = session;
        if (error instanceof DecodeException) {
            if (current != null) current.protocolError("undecodable frame: " + error.getMessage());
            else LOG.log(Level.DEBUG, "Undecodable frame before a session: {0}", LogSafe.text(error.getMessage()));
            if (current != null && state.get() == State.OPEN) current.closeNow(CloseReasons.PARSE_ERROR);
            else refuse(CloseReason.CloseCodes.PROTOCOL_ERROR, CloseReasons.PARSE_ERROR);
            return;
        }
        LOG.log(Level.DEBUG, "WebSocket error on session {0}: {1}", current == null ? "-" : current.id(), LogSafe.text(error));
        if (current != null && state.get() == State.OPEN) current.transportClosed(CloseReasons.TRANSPORT_ERROR);
    }

    void onClose(CloseReason reason) {
        releaseUpgradeHandler();
        EngineSession current = session;
        State was = state.getAndSet(State.CLOSED);
        if (current == null) return;
        if (was == State.OPEN) {
            current.transportClosed(CloseReasons.TRANSPORT_CLOSE);
        } else if (was == State.PROBING || was == State.UPGRADED_WAIT) {
            cancelUpgradeDeadline();
            current.abortUpgrade(); // the polling transport carries on
        }
    }

    /** The container may keep this closed connection through its pooled request: see {@link ContainerHooks#afterClose}. */
    private void releaseUpgradeHandler() {
        Object handle = opened;
        EngineServer timer = engine;
        opened = null;
        if (handle == null || timer == null) return;
        ContainerHooks.installed().afterClose(handle, (task, delay) -> timer.schedule(task, delay, TimeUnit.MILLISECONDS));
    }

    /** The captured handshake, taken out of the user properties: the session keeps it, once. */
    private HandshakeInfo handshake() {
        Object captured = socket.getUserProperties().remove(HandshakeCapture.HANDSHAKE);
        HandshakeInfo info = captured instanceof HandshakeInfo h ? h
                : new HandshakeInfo(Map.of(), socket.getRequestParameterMap(), null, String.valueOf(socket.getRequestURI()), socket.isSecure());
        String address = remoteAddress(socket);
        return address == null ? info : info.withRemoteAddress(address);
    }

    /**
     * The client's address: the Jakarta API has none, so the property some containers set, else
     * what the container's hooks find (Tyrus, Undertow), else null.
     */
    private static String remoteAddress(Session socket) {
        Object property = socket.getUserProperties().get("jakarta.websocket.endpoint.remoteAddress");
        if (property != null) return hostOf(property.toString());
        return ContainerHooks.installed().remoteAddress(socket);
    }

    private static String hostOf(String address) {
        String value = address.startsWith("/") ? address.substring(1) : address;
        int colon = value.lastIndexOf(':');
        if (colon > 0 && value.indexOf(':') == colon) value = value.substring(0, colon); // IPv4 host:port
        return value;
    }

    private void refuse(CloseReason.CloseCode code, String reason) {
        state.set(State.CLOSED);
        try {
            socket.close(new CloseReason(code, WebSocketTransport.closeText(reason)));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "WebSocket close failed: {0}", e.toString());
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
