package dev.sio.socketio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.socketio.broadcast.Recipient;
import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.protocol.Packet;
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

    private final String id;
    private final Namespace namespace;
    private final Client client;
    private final Handshake handshake;
    private final AtomicBoolean connected = new AtomicBoolean();
    // set once the socket has left (or was refused): a late join must not bring it back into rooms
    private volatile boolean left;
    private volatile Map<Long, PendingAck> acks;
    private volatile Map<String, EventHandler> handlers;
    private volatile Map<String, Object> attributes;
    private volatile List<Consumer<String>> disconnectingListeners;
    private volatile List<Consumer<String>> disconnectListeners;

    Socket(String id, Namespace namespace, Client client, Handshake handshake) {
        this.id = id;
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

    // ---- attributes (Socket.IO's socket.data) ----

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
        if (!connected.get()) return;
        PayloadMapper.Mapped data = namespace.server().mapper().toArray(event, args);
        client.send(Packet.event(namespace.name(), data.array(), null, data.attachments()));
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
            if (removeAck(ackId) != null) result.completeExceptionally(new AckTimeoutException("operation has timed out"));
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        expectAck(ackId, result::complete, result::completeExceptionally);
        if (deadline != null) result.whenComplete((r, e) -> deadline.cancel(false));
        PayloadMapper.Mapped data = namespace.server().mapper().toArray(event, args);
        client.send(Packet.event(namespace.name(), data.array(), ackId, data.attachments()));
        return result;
    }

    /** Registers what to do with the acknowledgement of packet {@code ackId}. */
    void expectAck(long ackId, Consumer<Payload> onAck, Consumer<Throwable> onLost) {
        Map<Long, PendingAck> map = acks;
        if (map == null) {
            synchronized (this) {
                if (acks == null) acks = new ConcurrentHashMap<>(4);
                map = acks;
            }
        }
        map.put(ackId, new PendingAck(onAck, onLost));
    }

    private PendingAck removeAck(long ackId) {
        Map<Long, PendingAck> map = acks;
        return map == null ? null : map.remove(ackId);
    }

    private record PendingAck(Consumer<Payload> onAck, Consumer<Throwable> onLost) {
    }

    @Override
    public void deliver(List<EnginePacket> frames, boolean isVolatile) {
        if (connected.get()) client.write(frames, isVolatile);
    }

    // ---- rooms ----

    public void join(String... rooms) {
        if (left) return;
        namespace.adapter().addAll(this, Set.of(rooms));
        if (left) namespace.adapter().delAll(id); // raced with the socket leaving
    }

    public void leave(String room) {
        namespace.adapter().del(id, room);
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
        connected.set(true);
        namespace.adapter().addAll(this, Set.of(id));
        client.send(Packet.connected(namespace.name(), id));
        namespace.connected(this);
    }

    /**
     * Leaves the namespace: a DISCONNECT is sent to the client; with {@code close}, the whole
     * connection (every namespace on it) is closed too.
     */
    public void disconnect(boolean close) {
        if (!connected.get()) return;
        if (close) {
            client.disconnectAll();
            return;
        }
        client.send(Packet.disconnect(namespace.name()));
        onClose(DisconnectReasons.SERVER_NAMESPACE_DISCONNECT);
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
        EventHandler handler = handlerFor(event);
        if (handler == null) {
            LOG.log(Level.DEBUG, "Socket {0}: no handler for event {1} on {2}", id, event, namespace.name());
            return;
        }
        try {
            handler.handle(this, args, ack);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Handler of event '" + event + "' on " + namespace.name() + " failed for socket " + id, e);
            // the client's callback still gets an answer, without internals
            if (ack != null) ack.send(INTERNAL_ERROR);
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
        pending.onAck().accept(new Payload(packet.data().asJsonArray(), packet.attachments(), namespace.server().mapper()));
    }

    /** Leaves the namespace for the given reason; idempotent. */
    void onClose(String reason) {
        if (!connected.compareAndSet(true, false)) return;
        notify(disconnectingListeners, reason);
        left = true;
        namespace.adapter().delAll(id);
        namespace.remove(this);
        client.remove(this);
        Map<Long, PendingAck> pending = acks;
        if (pending != null) {
            for (PendingAck ack : pending.values()) {
                if (ack.onLost() != null) ack.onLost().accept(new AckTimeoutException("socket has been disconnected"));
            }
            pending.clear();
        }
        LOG.log(Level.DEBUG, "Socket {0} left {1}: {2}", id, namespace.name(), reason);
        notify(disconnectListeners, reason);
    }

    private void notify(List<Consumer<String>> listeners, String reason) {
        if (listeners == null) return;
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(reason);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Disconnect listener failed for socket " + id, e);
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
