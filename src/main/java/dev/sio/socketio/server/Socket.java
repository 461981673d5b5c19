package dev.sio.socketio.server;

import dev.sio.log.LogSafe;
import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.socketio.broadcast.Arguments;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.OutgoingPacket;
import dev.sio.socketio.broadcast.Recipient;
import dev.sio.socketio.broadcast.SocketSnapshot;
import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketType;
import dev.sio.socketio.recovery.RecoveryStore;
import dev.sio.socketio.recovery.SessionRecord;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One client in one namespace. Emits to its client, joins and leaves rooms (through the adapter),
 * waits for acknowledgements, and dispatches the events it receives. Per-socket maps are created
 * on first use: an idle socket holds only its ids and handshake.
 */
public final class Socket implements Recipient {

    private static final Logger LOG = System.getLogger(Socket.class.getName());
    // see JsonFactories: looked up once
    private static final JsonProvider JSON = JsonFactories.PROVIDER;
    private static final JsonValue INTERNAL_ERROR = JSON.createObjectBuilder().add("error", "internal server error").build();

    // the id changes once, before the socket is accepted, when it recovers a previous session
    private volatile String id;
    // the private id a client sends back to recover (null when the namespace does not recover)
    private volatile String pid;
    private volatile String userId;
    private volatile boolean recovered;
    // the recovery its client asked for, until the socket is accepted
    private volatile RecoveryRequest recoveryRequest;
    // kept for recovery after it left: emits to it are stored for its client's return
    private volatile boolean persisted;
    private final Namespace namespace;
    private final Client client;
    private final Handshake handshake;
    private final AtomicBoolean connected = new AtomicBoolean();
    // set once the socket has left (or was refused): a late join must not bring it back into rooms
    private volatile boolean left;
    private volatile Map<Long, PendingAck> acks;
    private volatile Map<String, EventHandler> handlers;
    private volatile List<AnyEventListener> anyListeners;
    private volatile List<OutgoingEventListener> outgoingListeners;
    private volatile Map<String, Object> attributes;
    private volatile List<Consumer<String>> disconnectingListeners;
    private volatile List<Consumer<String>> disconnectListeners;

    Socket(String id, String pid, Namespace namespace, Client client, Handshake handshake) {
        this.id = id;
        this.pid = pid;
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
    }

    @Override
    public String id() {
        return id;
    }

    public Namespace namespace() {
        return namespace;
    }

    public Handshake handshake() {
        return handshake;
    }

    /** The id of the underlying Engine.IO session (shared by the namespaces of one connection). */
    public String sessionId() {
        return client.session().id();
    }

    /** The transport in use now: "websocket" or "polling". */
    public String transport() {
        return client.session().transport().name();
    }

    public boolean connected() {
        return connected.get();
    }

    /**
     * Whether this socket took over the state of a previous one (connection state recovery): the same
     * id, rooms and attributes, and the packets missed meanwhile were sent before any handler ran.
     */
    public boolean recovered() {
        return recovered;
    }

    /** The user the socket belongs to (set by the authentication middleware; null when anonymous). */
    public String userId() {
        return userId;
    }

    /**
     * Says who the socket belongs to (a middleware does, once the token is verified): a session is
     * recovered only by a socket of the same user.
     */
    public void identify(String userId) {
        this.userId = userId;
    }

    String pid() {
        return pid;
    }

    Client client() {
        return client;
    }

    void recoveryRequest(RecoveryRequest request) {
        this.recoveryRequest = request;
    }

    /** Takes over a kept session: its id, pid and attributes (the ones set by this connect's middlewares win). */
    void restoreFrom(SessionRecord session) {
        Map<String, Object> fresh = attributes;
        this.id = session.socketId();
        this.pid = session.pid();
        if (userId == null) userId = session.userId();
        for (Map.Entry<String, Object> entry : session.data().entrySet()) {
            if (fresh == null || !fresh.containsKey(entry.getKey())) attribute(entry.getKey(), entry.getValue());
        }
        this.recovered = true;
        this.connected.set(true);
    }

    // ---- attributes (Socket.IO's socket.data) ----

    /** Every attribute (a copy; empty when none was set). */
    Map<String, Object> attributes() {
        Map<String, Object> map = attributes;
        return map == null ? Map.of() : Map.copyOf(map);
    }

    public Object attribute(String key) {
        Map<String, Object> map = attributes;
        return map == null ? null : map.get(key);
    }

    public void attribute(String key, Object value) {
        Map<String, Object> map = attributes;
        if (map == null) {
            synchronized (this) {
                if (attributes == null) attributes = new ConcurrentHashMap<>(4);
                map = attributes;
            }
        }
        if (value == null) map.remove(key);
        else map.put(key, value);
    }

    // ---- emitting ----

    /** Emits an event to this socket. Arguments: JSON-P values, plain Java, byte arrays, or objects for JSON-B. */
    public void emit(String event, Object... args) {
        boolean recovers = namespace.recovery() != null;
        if (!connected.get() && !(recovers && persisted)) return;
        PayloadMapper.Mapped data = namespace.server().mapper().toArray(event, args);
        if (recovers) {
            // through the store, as in Node: kept for recovery, even while the client is away
            namespace.emitStored(data.array(), data.attachments(), BroadcastOptions.rooms(Set.of(id)));
            return;
        }
        sendEvent(Packet.event(namespace.name(), data.array(), null, data.attachments()));
    }

    /** Emits and waits for the client's acknowledgement, as long as the socket stays connected. */
    public CompletableFuture<Payload> emitWithAck(String event, Object... args) {
        return emitWithAck(null, event, args);
    }

    /** Emits and waits at most {@code timeout} for the acknowledgement ({@link AckTimeoutException} after). */
    public CompletableFuture<Payload> emitWithAck(Duration timeout, String event, Object... args) {
        CompletableFuture<Payload> result = new CompletableFuture<>();
        if (!connected.get()) {
            result.completeExceptionally(new AckTimeoutException("socket is not connected"));
            return result;
        }
        long ackId = namespace.nextAckId();
        ScheduledFuture<?> deadline = timeout == null ? null : namespace.server().scheduler().schedule(() -> {
            if (removeAck(ackId) == null) return;
            namespace.server().events().ackTimedOut(namespace.name());
            result.completeExceptionally(new AckTimeoutException("operation has timed out"));
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        expectAck(ackId, answer -> result.complete(payload(answer)), result::completeExceptionally);
        if (deadline != null) result.whenComplete((r, e) -> deadline.cancel(false));
        PayloadMapper.Mapped data = namespace.server().mapper().toArray(event, args);
        sendEvent(Packet.event(namespace.name(), data.array(), ackId, data.attachments()));
        return result;
    }

    /** The arguments of an answer, readable as Java types. */
    Payload payload(Arguments answer) {
        return new Payload(answer.values(), answer.attachments(), namespace.server().mapper());
    }

    /** Registers what to do with the acknowledgement of packet {@code ackId} (the adapter's part of a broadcast with ack). */
    @Override
    public void expectAck(long ackId, Consumer<Arguments> onAck, Consumer<Throwable> onLost) {
        Map<Long, PendingAck> map = acks;
        if (map == null) {
            synchronized (this) {
                if (acks == null) acks = new ConcurrentHashMap<>(4);
                map = acks;
            }
        }
        map.put(ackId, new PendingAck(onAck, onLost));
    }

    @Override
    public void forgetAck(long ackId) {
        removeAck(ackId);
    }

    private PendingAck removeAck(long ackId) {
        Map<Long, PendingAck> map = acks;
        return map == null ? null : map.remove(ackId);
    }

    private record PendingAck(Consumer<Arguments> onAck, Consumer<Throwable> onLost) {
    }

    @Override
    public void deliver(OutgoingPacket packet, boolean isVolatile) {
        if (!connected.get()) return;
        notifyOutgoing(packet.packet());
        client.write(packet.frames(client.server().parser()), isVolatile);
    }

    /** Sends an event packet to this socket's client alone. */
    private void sendEvent(Packet packet) {
        notifyOutgoing(packet);
        client.send(packet);
    }

    private void notifyOutgoing(Packet packet) {
        List<OutgoingEventListener> own = outgoingListeners;
        List<OutgoingEventListener> shared = namespace.outgoingListeners();
        if (own == null && shared.isEmpty()) return; // the broadcast path's cost when nobody listens
        if (packet.type() != PacketType.EVENT && packet.type() != PacketType.BINARY_EVENT) return;
        JsonArray data = packet.data().asJsonArray();
        String event = data.get(0) instanceof jakarta.json.JsonString name ? name.getString() : data.get(0).toString();
        Payload args = new Payload(data.subList(1, data.size()), packet.attachments(), namespace.server().mapper());
        for (List<OutgoingEventListener> listeners : own == null ? List.of(shared) : List.of(own, shared)) {
            for (OutgoingEventListener listener : listeners) {
                try {
                    listener.onEvent(this, event, args);
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "Outgoing listener on " + LogSafe.text(namespace.name()) + " failed for event '"
                            + LogSafe.text(event) + "' to socket " + id, LogSafe.throwable(e));
                }
            }
        }
    }

    // ---- rooms ----

    public void join(String... rooms) {
        join(Set.of(rooms));
    }

    public void leave(String room) {
        namespace.adapter().del(id, room);
        namespace.server().events().roomLeft(this, room);
        trackState();
    }

    /** Joins every room of the set (what socketsJoin does to each selected socket). */
    @Override
    public void join(Set<String> rooms) {
        if (left || rooms.isEmpty()) return;
        namespace.adapter().addAll(this, rooms);
        if (left) namespace.adapter().delAll(id); // raced with the socket leaving
        else for (String room : rooms) namespace.server().events().roomJoined(this, room);
        trackState();
    }

    /** Leaves every room of the set (what socketsLeave does to each selected socket). */
    @Override
    public void leave(Set<String> rooms) {
        for (String room : rooms) {
            namespace.adapter().del(id, room);
            namespace.server().events().roomLeft(this, room);
        }
        trackState();
    }

    /**
     * Hands the live state (rooms, attributes) to the recovery store, which keeps it where a node's
     * sudden death cannot take it (a shared store; the in-memory one does nothing).
     */
    void trackState() {
        RecoveryStore store = namespace.recovery();
        // a node-local store dies with the node: nothing to gain, so no rooms snapshot on every join
        if (store == null || !store.shared() || pid == null || left || !connected.get()) return;
        Map<String, Object> data = attributes;
        store.track(new SessionRecord(pid, namespace.name(), id, userId, namespace.adapter().socketRooms(id),
                data == null ? Map.of() : data, 0));
    }

    /** What fetchSockets reports of this socket: its handshake (without the auth token), rooms and attributes. */
    @Override
    public SocketSnapshot snapshot() {
        return SocketSnapshots.of(this);
    }

    /** The rooms this socket is in, its own id included. */
    public Set<String> rooms() {
        return namespace.adapter().socketRooms(id);
    }

    /** A broadcast to the rooms that leaves this socket out. */
    public BroadcastOperator to(String... rooms) {
        return BroadcastOperator.of(namespace).to(rooms).except(id);
    }

    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    /** A broadcast to the whole namespace that leaves this socket out. */
    public BroadcastOperator broadcast() {
        return BroadcastOperator.of(namespace).except(id);
    }

    // ---- handlers ----

    /** Handles an event of this socket only (namespace-wide handlers come second). */
    public void on(String event, EventHandler handler) {
        Map<String, EventHandler> map = handlers;
        if (map == null) {
            synchronized (this) {
                if (handlers == null) handlers = new ConcurrentHashMap<>(4);
                map = handlers;
            }
        }
        map.put(event, handler);
    }

    /**
     * Sees every event of this socket after its handler (namespace-wide catch-all listeners come
     * after this socket's own).
     */
    public synchronized void onAny(AnyEventListener listener) {
        if (anyListeners == null) anyListeners = new CopyOnWriteArrayList<>();
        anyListeners.add(listener);
    }

    /** Sees every event sent to this socket (namespace-wide outgoing listeners come after this socket's own). */
    public synchronized void onAnyOutgoing(OutgoingEventListener listener) {
        if (outgoingListeners == null) outgoingListeners = new CopyOnWriteArrayList<>();
        outgoingListeners.add(listener);
    }

    /** Called while the socket leaves, before it leaves its rooms. */
    public synchronized void onDisconnecting(Consumer<String> listener) {
        if (disconnectingListeners == null) disconnectingListeners = new CopyOnWriteArrayList<>();
        disconnectingListeners.add(listener);
    }

    /** Called once the socket has left, with the reason. */
    public synchronized void onDisconnect(Consumer<String> listener) {
        if (disconnectListeners == null) disconnectListeners = new CopyOnWriteArrayList<>();
        disconnectListeners.add(listener);
    }

    // ---- lifecycle ----

    /** A middleware refused the socket: forget whatever rooms it was put in. */
    void refused() {
        left = true;
        namespace.adapter().delAll(id);
    }

    /** Middlewares passed: join the own room, answer CONNECT, tell the namespace. */
    void accepted() {
        RecoveryRequest request = recoveryRequest;
        recoveryRequest = null;
        if (request != null && namespace.restore(this, request)) {
            // CONNECT and missed packets are out; now the handlers
            if (!client.isOpen()) {
                onClose(closeReason());
                return;
            }
            namespace.connected(this);
            return;
        }
        if (request != null && request.skipMiddlewares()) {
            // the middlewares were skipped for a session that is gone meanwhile: never let it in unchecked
            refused();
            client.remove(this);
            client.send(Packet.connectError(namespace.name(), "session expired: connect again"));
            return;
        }
        connected.set(true);
        namespace.register(this);
        namespace.adapter().addAll(this, Set.of(id));
        // the connection may have closed since it was registered (onClose found it not yet
        // connected and did nothing): leave now, before any handler sees the socket
        if (!client.isOpen()) {
            onClose(closeReason());
            return;
        }
        client.send(Packet.connected(namespace.name(), id, pid));
        namespace.server().events().socketConnected(namespace.name());
        namespace.connected(this);
    }

    private String closeReason() {
        String reason = client.session().closeReason();
        return reason == null ? dev.sio.engineio.server.CloseReasons.TRANSPORT_CLOSE : reason;
    }

    /**
     * Leaves the namespace: a DISCONNECT is sent to the client; with {@code close}, the whole
     * connection (every namespace on it) is closed too.
     */
    @Override
    public void disconnect(boolean close) {
        if (!connected.get()) return;
        if (close) {
            client.disconnectAll();
            return;
        }
        client.send(Packet.disconnect(namespace.name()));
        onClose(DisconnectReasons.SERVER_NAMESPACE_DISCONNECT);
    }

    /** Closes the whole connection now, without DISCONNECT packets; every socket on it leaves with the reason. */
    void closeConnection(String reason) {
        client.session().closeNow(reason);
        onClose(reason); // in case the session was closed already and this socket missed it
    }

    void onPacket(Packet packet) {
        switch (packet.type()) {
            case EVENT, BINARY_EVENT -> onEvent(packet);
            case ACK, BINARY_ACK -> onAck(packet);
            case DISCONNECT -> onClose(DisconnectReasons.CLIENT_NAMESPACE_DISCONNECT);
            default -> LOG.log(Level.DEBUG, "Socket {0}: unexpected {1} packet ignored", id, packet.type());
        }
    }

    private void onEvent(Packet packet) {
        JsonArray data = packet.data().asJsonArray();
        JsonValue head = data.get(0);
        String event = head instanceof jakarta.json.JsonString s ? s.getString() : head.toString();
        Payload args = new Payload(data.subList(1, data.size()), packet.attachments(), namespace.server().mapper());
        AckSender ack = packet.id() == null ? null : new AckSender(packet.id());
        namespace.server().events().eventReceived(this, event, args);
        EventHandler handler = handlerFor(event);
        List<AnyEventListener> own = anyListeners;
        List<AnyEventListener> shared = namespace.anyListeners();
        if (handler == null) {
            if (own == null && shared.isEmpty()) {
                LOG.log(Level.DEBUG, "Socket {0}: no handler for event {1} on {2}", id, LogSafe.text(event),
                        LogSafe.text(namespace.name()));
                return;
            }
        } else {
            try {
                handler.handle(this, args, ack);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Handler of event '" + LogSafe.text(event) + "' on " + LogSafe.text(namespace.name())
                        + " failed for socket " + id, LogSafe.throwable(e));
                // the client's callback still gets an answer, without internals
                if (ack != null) ack.send(INTERNAL_ERROR);
            }
            ack = null; // the handler owned it
        }
        if (own != null) notifyAny(own, event, args, ack);
        if (!shared.isEmpty()) notifyAny(shared, event, args, ack);
    }

    private void notifyAny(List<AnyEventListener> listeners, String event, Payload args, Ack ack) {
        for (AnyEventListener listener : listeners) {
            try {
                listener.onEvent(this, event, args, ack);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Catch-all listener on " + LogSafe.text(namespace.name()) + " failed for event '"
                        + LogSafe.text(event) + "' of socket " + id, LogSafe.throwable(e));
            }
        }
    }

    private EventHandler handlerFor(String event) {
        Map<String, EventHandler> own = handlers;
        EventHandler handler = own == null ? null : own.get(event);
        return handler != null ? handler : namespace.handler(event);
    }

    private void onAck(Packet packet) {
        PendingAck pending = removeAck(packet.id());
        if (pending == null) {
            LOG.log(Level.DEBUG, "Socket {0}: acknowledgement {1} matches nothing (late or unknown)", id, packet.id());
            return;
        }
        pending.onAck().accept(new Arguments(packet.data().asJsonArray(), packet.attachments()));
    }

    /** Leaves the namespace for the given reason; idempotent. */
    void onClose(String reason) {
        if (!connected.compareAndSet(true, false)) return;
        notify(disconnectingListeners, reason);
        boolean recoverable = pid != null && namespace.recovery() != null && DisconnectReasons.RECOVERABLE.contains(reason);
        Set<String> rooms = recoverable ? namespace.adapter().socketRooms(id) : Set.of();
        left = true;
        namespace.adapter().delAll(id);
        if (recoverable) {
            // kept only once it left its rooms (the adapter knows sockets by id: a quick recovery under the
            // same id must not lose its rooms to this leave); the namespace and client forget this object only
            Map<String, Object> data = attributes;
            namespace.persist(new SessionRecord(pid, namespace.name(), id, userId, rooms, data == null ? Map.of() : data, 0));
            persisted = true;
        }
        namespace.remove(this);
        client.remove(this);
        Map<Long, PendingAck> pending = acks;
        if (pending != null) {
            for (PendingAck ack : pending.values()) {
                if (ack.onLost() != null) ack.onLost().accept(lostAck(reason));
            }
            pending.clear();
        }
        LOG.log(Level.DEBUG, "Socket {0} left {1}: {2}", id, LogSafe.text(namespace.name()), LogSafe.text(reason));
        namespace.server().events().socketDisconnected(namespace.name(), reason);
        notify(disconnectListeners, reason);
    }

    /** What a pending acknowledgement fails with when the socket leaves for this reason. */
    static AckTimeoutException lostAck(String reason) {
        return DisconnectReasons.SERVER_SHUTTING_DOWN.equals(reason)
                ? new ServerClosedException() : new AckTimeoutException("socket has been disconnected");
    }

    private void notify(List<Consumer<String>> listeners, String reason) {
        if (listeners == null) return;
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(reason);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Disconnect listener failed for socket " + id, LogSafe.throwable(e));
            }
        }
    }

    /** Sends the acknowledgement of one received event, once. */
    private final class AckSender implements Ack {
        private final long ackId;
        private final AtomicBoolean sent = new AtomicBoolean();

        AckSender(long ackId) {
            this.ackId = ackId;
        }

        @Override
        public void send(Object... args) {
            if (sent.get() || !connected.get()) return;
            // map first: if the arguments cannot be written, the ack stays unsent and the handler's
            // failure answer can still go out
            PayloadMapper.Mapped data = namespace.server().mapper().toArray(null, args);
            if (!sent.compareAndSet(false, true)) return;
            client.send(Packet.ack(namespace.name(), data.array(), ackId, data.attachments()));
        }
    }

    @Override
    public String toString() {
        return "Socket[" + id + "," + namespace.name() + "]";
    }
}
