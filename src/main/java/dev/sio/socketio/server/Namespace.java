package dev.sio.socketio.server;

import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.SessionIds;
import dev.sio.socketio.broadcast.Adapter;
import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.protocol.Packet;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A Socket.IO namespace: its sockets, its connect middlewares, its event handlers and its room
 * adapter. Broadcasts start here ({@link #to}, {@link #emit}).
 */
public final class Namespace {

    private static final Logger LOG = System.getLogger(Namespace.class.getName());

    private final String name;
    private final SocketIoServer server;
    private final Adapter adapter;
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final List<ConnectMiddleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<Consumer<Socket>> connectionListeners = new CopyOnWriteArrayList<>();
    private final Map<String, EventHandler> handlers = new ConcurrentHashMap<>();
    // one counter for the namespace, as in the reference server: a broadcast with acks can then
    // use one packet id for all its recipients
    private final AtomicLong ackIds = new AtomicLong();

    Namespace(String name, SocketIoServer server, Adapter adapter) {
        this.name = name;
        this.server = server;
        this.adapter = adapter;
    }

    public String name() {
        return name;
    }

    public Adapter adapter() {
        return adapter;
    }

    public SocketIoServer server() {
        return server;
    }

    /** Connected sockets by id (a live, read-only view). */
    public Map<String, Socket> sockets() {
        return java.util.Collections.unmodifiableMap(sockets);
    }

    public Socket socket(String id) {
        return sockets.get(id);
    }

    /** Adds a middleware that every socket passes before it joins. */
    public Namespace use(ConnectMiddleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    /** Called for each socket that joined, after its CONNECT was answered. */
    public Namespace onConnection(Consumer<Socket> listener) {
        connectionListeners.add(listener);
        return this;
    }

    /**
     * Handles an event for every socket of the namespace (one handler per event name).
     *
     * @throws IllegalStateException when the event has a handler already
     */
    public Namespace on(String event, EventHandler handler) {
        if (handlers.putIfAbsent(event, handler) != null) {
            throw new IllegalStateException("Event '" + event + "' of namespace " + name + " has a handler already");
        }
        return this;
    }

    EventHandler handler(String event) {
        return handlers.get(event);
    }

    // ---- broadcasting ----

    public BroadcastOperator to(String... rooms) {
        return BroadcastOperator.of(this).to(rooms);
    }

    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    public BroadcastOperator except(String... rooms) {
        return BroadcastOperator.of(this).except(rooms);
    }

    public BroadcastOperator timeout(Duration timeout) {
        return BroadcastOperator.of(this).timeout(timeout);
    }

    public BroadcastOperator volatileOperator() {
        return BroadcastOperator.of(this).volatileOperator();
    }

    /** Emits to every socket of the namespace. */
    public void emit(String event, Object... args) {
        BroadcastOperator.of(this).emit(event, args);
    }

    long nextAckId() {
        return ackIds.getAndIncrement();
    }

    // ---- joining ----

    /** Runs the middlewares; returns the new socket, or null after answering CONNECT_ERROR. */
    Socket add(Client client, JsonObject auth) {
        Handshake handshake = handshake(client.session().handshake(), auth);
        Socket socket = new Socket(SessionIds.next(), this, client, handshake);
        for (ConnectMiddleware middleware : middlewares) {
            try {
                middleware.check(socket);
            } catch (ConnectRefusedException refused) {
                LOG.log(Level.INFO, "Refused a socket of session {0} on {1}: {2}",
                        client.session().id(), name, refused.getMessage());
                socket.refused();
                client.send(connectError(refused));
                return null;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Connect middleware failed on " + name, e);
                socket.refused();
                client.send(Packet.connectError(name, "Internal server error"));
                return null;
            }
        }
        sockets.put(socket.id(), socket);
        return socket;
    }

    private Packet connectError(ConnectRefusedException refused) {
        if (refused.data() == null) return Packet.connectError(name, refused.getMessage());
        JsonObjectBuilder data = JsonFactories.PROVIDER.createObjectBuilder().add("message", refused.getMessage()).add("data", refused.data());
        return new Packet(dev.sio.socketio.protocol.PacketType.CONNECT_ERROR, name, null, data.build(), List.of());
    }

    void connected(Socket socket) {
        LOG.log(Level.DEBUG, "Socket {0} joined {1}", socket.id(), name);
        for (Consumer<Socket> listener : connectionListeners) {
            try {
                listener.accept(socket);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Connection listener failed on " + name + " for socket " + socket.id(), e);
            }
            if (!socket.connected()) return;
        }
    }

    void remove(Socket socket) {
        sockets.remove(socket.id(), socket);
    }

    private static Handshake handshake(HandshakeInfo info, JsonObject auth) {
        return new Handshake(info.headers(), info.query(), auth == null ? JsonObject.EMPTY_JSON_OBJECT : auth,
                info.remoteAddress(), Instant.now(), info.url(), info.secure());
    }

    @Override
    public String toString() {
        return "Namespace[" + name + "]";
    }
}
