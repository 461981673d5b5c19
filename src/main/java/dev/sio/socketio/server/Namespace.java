package dev.sio.socketio.server;

import dev.sio.log.LogSafe;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.SessionIds;
import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.socketio.broadcast.Adapter;
import dev.sio.socketio.broadcast.AdapterHost;
import dev.sio.socketio.broadcast.Arguments;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.OutgoingPacket;
import dev.sio.socketio.broadcast.RestoreHold;
import dev.sio.socketio.broadcast.StoredBroadcast;
import dev.sio.socketio.protocol.EncodedPacket;
import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketDecoder;
import dev.sio.socketio.protocol.Parser;
import dev.sio.socketio.recovery.MissedPackets;
import dev.sio.socketio.recovery.RecoveryStore;
import dev.sio.socketio.recovery.Restore;
import dev.sio.socketio.recovery.SessionRecord;
import dev.sio.socketio.recovery.StoredPacket;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final List<AnyEventListener> anyListeners = new CopyOnWriteArrayList<>();
    private final List<OutgoingEventListener> outgoingListeners = new CopyOnWriteArrayList<>();
    private final Map<String, ServerSideHandler> serverSideHandlers = new ConcurrentHashMap<>();
    // one counter for the namespace, as in the reference server: a broadcast with acks can then
    // use one packet id for all its recipients
    private final AtomicLong ackIds = new AtomicLong();
    // with recovery on, a stored broadcast (offset, store, fan-out) and a restore (take, join, missed
    // packets) exclude each other: the store's order is then every socket's order, and a restored socket
    // gets each packet exactly once, either among its missed ones or live. Other nodes' stored broadcasts
    // do not take this lock, nor this node's when a cluster adapter serves them from its subscription
    // (Adapter#broadcastStored): the adapter holds them for the restored socket (Adapter#joinRestored)
    private final Object recoveryLock = new Object();

    Namespace(String name, SocketIoServer server, Adapter adapter) {
        this.name = name;
        this.server = server;
        this.adapter = adapter;
        adapter.init(new Host());
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

    /**
     * Sees every event of every socket of the namespace, after the event's handler and the socket's
     * own catch-all listeners (Node's {@code socket.onAny}, for all sockets at once).
     */
    public Namespace onAny(AnyEventListener listener) {
        anyListeners.add(listener);
        return this;
    }

    List<AnyEventListener> anyListeners() {
        return anyListeners;
    }

    /**
     * Sees every event sent to any socket of the namespace, by an emit or a broadcast, before it is
     * written (Node's {@code socket.onAnyOutgoing}, for all sockets at once). A broadcast calls it once
     * per recipient: keep it quick.
     */
    public Namespace onAnyOutgoing(OutgoingEventListener listener) {
        outgoingListeners.add(listener);
        return this;
    }

    List<OutgoingEventListener> outgoingListeners() {
        return outgoingListeners;
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

    /** This node's sockets only (a cluster adapter passes nothing on). */
    public BroadcastOperator local() {
        return BroadcastOperator.of(this).local();
    }

    /** Emits to every socket of the namespace. */
    public void emit(String event, Object... args) {
        BroadcastOperator.of(this).emit(event, args);
    }

    // ---- operations on every socket, on every node (through the adapter) ----

    /** Every socket of the namespace, on every node. */
    public CompletableFuture<List<FetchedSocket>> fetchSockets() {
        return BroadcastOperator.of(this).fetchSockets();
    }

    /** Makes every socket join the rooms. */
    public void socketsJoin(String... rooms) {
        BroadcastOperator.of(this).socketsJoin(rooms);
    }

    /** Makes every socket leave the rooms. */
    public void socketsLeave(String... rooms) {
        BroadcastOperator.of(this).socketsLeave(rooms);
    }

    /** Disconnects every socket (and their whole connections when {@code close}). */
    public void disconnectSockets(boolean close) {
        BroadcastOperator.of(this).disconnectSockets(close);
    }

    /** The rooms with members, on every node (a socket's own room included). */
    public CompletableFuture<Set<String>> allRooms() {
        return adapter.allRooms().toCompletableFuture();
    }

    // ---- server-side events (between the nodes of a cluster) ----

    /**
     * Emits an event to this namespace on the other nodes of the cluster (their
     * {@link #onServerSideEmit} handlers), never to this node. Nothing happens without a cluster.
     *
     * @throws IllegalArgumentException for a reserved event name
     */
    public void serverSideEmit(String event, Object... args) {
        adapter.serverSideEmit(serverSideEvent(event, args));
    }

    /**
     * As {@link #serverSideEmit}, and collects one answer per other node (the first argument of
     * each handler's acknowledgement). Completes with no answers without a cluster; fails after
     * {@code timeout} when a node did not answer.
     */
    public CompletableFuture<List<Payload>> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
        return adapter.serverSideEmitWithAck(serverSideEvent(event, args), timeout)
                .thenApply(answers -> answers.stream()
                        .map(a -> new Payload(a.values(), a.attachments(), server.mapper())).toList())
                .toCompletableFuture();
    }

    /**
     * Handles a server-side event from other nodes (one handler per event name).
     *
     * @throws IllegalStateException when the event has a handler already
     */
    public Namespace onServerSideEmit(String event, ServerSideHandler handler) {
        if (serverSideHandlers.putIfAbsent(event, handler) != null) {
            throw new IllegalStateException("Server-side event '" + event + "' of namespace " + name + " has a handler already");
        }
        return this;
    }

    private Arguments serverSideEvent(String event, Object[] args) {
        if (event == null || ReservedEvents.contains(event) || "connection".equals(event) || "new_namespace".equals(event)) {
            throw new IllegalArgumentException("'" + event + "' is a reserved event name");
        }
        PayloadMapper.Mapped data = server.mapper().toArray(event, args);
        return new Arguments(data.array(), data.attachments());
    }

    /** Runs the handler of a server-side event another node emitted; answers at most once. */
    private void onServerSideEmit(Arguments event, Consumer<Arguments> answer) {
        JsonArray values = event.values();
        String eventName = values.isEmpty() || !(values.get(0) instanceof JsonString s) ? null : s.getString();
        ServerSideHandler handler = eventName == null ? null : serverSideHandlers.get(eventName);
        if (handler == null) {
            // as in Node: no handler, no answer (the sender's timeout says so)
            LOG.log(Level.DEBUG, "No handler for server-side event {0} on {1}", LogSafe.text(eventName), LogSafe.text(name));
            return;
        }
        Payload args = new Payload(values.subList(1, values.size()), event.attachments(), server.mapper());
        Ack ack = answer == null ? null : new ServerSideAck(answer);
        try {
            handler.handle(args, ack);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Handler of server-side event '" + LogSafe.text(eventName) + "' on " + LogSafe.text(name)
                    + " failed", LogSafe.throwable(e));
        }
    }

    /** The answer to one server-side event: the first call goes to the adapter, later ones are ignored. */
    private final class ServerSideAck implements Ack {
        private final Consumer<Arguments> answer;
        private final AtomicBoolean sent = new AtomicBoolean();

        ServerSideAck(Consumer<Arguments> answer) {
            this.answer = answer;
        }

        @Override
        public void send(Object... args) {
            PayloadMapper.Mapped data = server.mapper().toArray(null, args);
            if (sent.compareAndSet(false, true)) answer.accept(new Arguments(data.array(), data.attachments()));
        }
    }

    /** What the adapter may use of its namespace. */
    private final class Host implements AdapterHost {
        @Override
        public String namespace() {
            return name;
        }

        @Override
        public long nextAckId() {
            return Namespace.this.nextAckId();
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return server.scheduler();
        }

        @Override
        public void delivered(OutgoingPacket packet, int recipients) {
            // one report per broadcast, with its recipient count (never one call per recipient)
            ServerEvents events = server.events();
            events.broadcast(name, recipients);
            if (recipients > 0) events.messagesSent(packet.frames(server.parser()), recipients);
        }

        @Override
        public void serverSideEmitReceived(Arguments args, Consumer<Arguments> answer) {
            onServerSideEmit(args, answer);
        }
    }

    /** The recovery store of this namespace, null when it does not recover. */
    RecoveryStore recovery() {
        return adapter.recovery();
    }

    /**
     * Broadcasts an EVENT without acknowledgement that a disconnected socket can get back: the offset
     * is appended as last argument, the packet is encoded once, kept, then written to the sockets.
     */
    void emitStored(JsonArray data, List<byte[]> attachments, BroadcastOptions options) {
        synchronized (recoveryLock) {
            // a store keeps the default parser's text whatever the deployment's parser: the offset goes in
            // by a splice (StoredPacket#withOffset), and a shared store's packets are read by every node
            Packet event = Packet.event(name, data, null, attachments);
            EncodedPacket unnumbered = Parser.DEFAULT.encode(event);
            StoredPacket kept = new StoredPacket(null, name, options.rooms(), options.except(), unnumbered.text(), unnumbered.attachments(), 0);
            try {
                adapter.broadcastStored(new StoredBroadcast(kept, event, stored -> {
                    // spliced, not encoded again: the same frames go to every recipient
                    JsonArray withOffset = JsonFactories.PROVIDER.createArrayBuilder(data).add(stored.offset()).build();
                    return outgoing(Packet.event(name, withOffset, null, attachments), new EncodedPacket(stored.text(), stored.attachments()));
                }), options);
            } catch (StoredBroadcast.NotKept e) {
                // a shared store out of reach: the packet still goes out, without offset (not recoverable)
                LOG.log(Level.WARNING, "Recovery store unavailable, broadcast on {0} not kept: {1}", name, e.getMessage());
                adapter.broadcast(outgoing(event, unnumbered), options);
            }
        }
    }

    /** A broadcast whose default-parser text is at hand: used as is with that parser, else encoded once by the deployment's. */
    private OutgoingPacket outgoing(Packet packet, EncodedPacket defaultText) {
        return server.parser() == Parser.DEFAULT
                ? OutgoingPacket.encoded(packet, SocketIoServer.frames(defaultText)) : OutgoingPacket.of(packet);
    }

    /**
     * Gives the socket (past its middlewares) the state of the session its client asks for: the old id,
     * rooms and data, the CONNECT answer, then every missed packet. False when there is nothing to
     * restore (the socket is then a new one).
     */
    boolean restore(Socket socket, RecoveryRequest request) {
        RecoveryStore store = adapter.recovery();
        if (store == null) return false;
        synchronized (recoveryLock) {
            Restore restore = store.take(name, request.pid(), request.offset(), socket.userId(), request.skipMiddlewares());
            if (!restore.restored()) {
                LOG.log(Level.DEBUG, "Session {0} not recovered on {1}: {2}", socket.sessionId(), name, restore.outcome());
                return false;
            }
            SessionRecord session = restore.session();
            // rooms a middleware joined under the provisional id come along
            Set<String> rooms = new HashSet<>(session.rooms());
            rooms.addAll(adapter.socketRooms(socket.id()));
            rooms.remove(socket.id());
            rooms.add(session.socketId());
            adapter.delAll(socket.id());
            socket.restoreFrom(session);
            sockets.put(socket.id(), socket);
            RestoreHold hold = adapter.joinRestored(socket, rooms);
            MissedPackets later = hold == RestoreHold.NONE ? new MissedPackets(List.of(), restore.readTo())
                    : appendedDuringRestore(store, hold, restore.readTo(), rooms);
            hold.release(later.readTo(), () -> {
                socket.client().send(Packet.connected(name, socket.id(), socket.pid()));
                for (StoredPacket missed : restore.missed()) socket.client().write(frames(missed), false);
                for (StoredPacket missed : later.packets()) socket.client().write(frames(missed), false);
            });
            LOG.log(Level.DEBUG, "Socket {0} recovered on {1} with {2} missed packets", socket.id(), name,
                    restore.missed().size() + later.packets().size());
        }
        return true;
    }

    /**
     * What other nodes appended between the store's read and the join (their publishes found the socket
     * in no room here): read once more, after the join took effect, from where the first read ended.
     * Everything appended later is published after the socket joined, so it reaches it live (the hold
     * puts it after these). Redis out of reach: nothing more (those packets are then lost).
     */
    private MissedPackets appendedDuringRestore(RecoveryStore store, RestoreHold hold, String readTo, Set<String> rooms) {
        if (readTo == null) return new MissedPackets(List.of(), null);
        try {
            hold.awaitJoined();
            return store.missedAfter(name, readTo, rooms);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Recovery store unavailable, packets of other nodes during a restore on {0} may be lost: {1}",
                    name, e.toString());
            return new MissedPackets(List.of(), readTo);
        }
    }

    /** A stored packet (default-parser text, see {@link #emitStored}) in the deployment's format. */
    private List<EnginePacket> frames(StoredPacket packet) {
        EncodedPacket text = new EncodedPacket(packet.text(), packet.attachments());
        Parser parser = server.parser();
        return SocketIoServer.frames(parser == Parser.DEFAULT ? text : parser.encode(PacketDecoder.decodeOwn(text)));
    }

    /** Keeps the state of a socket whose connection was lost, for its client to come back to. */
    void persist(SessionRecord session) {
        RecoveryStore store = adapter.recovery();
        if (store != null) store.persist(session);
    }

    long nextAckId() {
        return ackIds.getAndIncrement();
    }

    // ---- joining ----

    /** Runs the middlewares; returns the new socket, or null after answering CONNECT_ERROR. */
    Socket add(Client client, JsonObject auth) {
        Handshake handshake = handshake(client.session().handshake(), auth);
        RecoveryStore store = adapter.recovery();
        Socket socket = new Socket(SessionIds.next(), store == null ? null : SessionIds.next(), this, client, handshake);
        // a v2 client cannot recover a session (its protocol has no pid nor offsets)
        RecoveryRequest request = store == null || client.isLegacy() ? null : RecoveryRequest.of(auth);
        if (request != null && server.config().recovery().skipMiddlewares() && store.contains(name, request.pid())) {
            // Node's skipMiddlewares: the session is trusted as it was (the socket is restored or refused)
            socket.recoveryRequest(request.skippingMiddlewares());
            return stillOpen(client, socket) ? socket : null;
        }
        socket.recoveryRequest(request);
        for (ConnectMiddleware middleware : middlewares) {
            try {
                middleware.check(socket);
            } catch (ConnectRefusedException refused) {
                LOG.log(Level.INFO, "Refused a socket of session {0} on {1}: {2}",
                        client.session().id(), LogSafe.text(name), LogSafe.text(refused.getMessage()));
                socket.refused();
                server.events().connectRefused(name, refused.getMessage());
                client.send(connectError(refused));
                return null;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Connect middleware failed on " + LogSafe.text(name), LogSafe.throwable(e));
                socket.refused();
                server.events().connectRefused(name, null);
                client.send(Packet.connectError(name, "Internal server error"));
                return null;
            }
        }
        return stillOpen(client, socket) ? socket : null;
    }

    /**
     * The middlewares may have taken long (a JWKS fetch): a client that left meanwhile gets no socket,
     * as in the reference server ("next called after client was closed").
     */
    private boolean stillOpen(Client client, Socket socket) {
        if (client.isOpen()) return true;
        LOG.log(Level.DEBUG, "Session {0} closed while joining {1}: socket dropped", client.session().id(), name);
        socket.refused();
        return false;
    }

    /** Counts an accepted socket among the namespace's sockets. */
    void register(Socket socket) {
        sockets.put(socket.id(), socket);
    }

    /** Forgets a socket that passed the middlewares but whose connection closed before it was accepted. */
    void discard(Socket socket) {
        sockets.remove(socket.id(), socket);
        socket.refused();
    }

    private Packet connectError(ConnectRefusedException refused) {
        if (refused.data() == null) return Packet.connectError(name, refused.getMessage());
        JsonObjectBuilder data = JsonFactories.PROVIDER.createObjectBuilder().add("message", refused.getMessage()).add("data", refused.data());
        return new Packet(dev.sio.socketio.protocol.PacketType.CONNECT_ERROR, name, null, data.build(), List.of());
    }

    void connected(Socket socket) {
        LOG.log(Level.DEBUG, "Socket {0} joined {1}", socket.id(), LogSafe.text(name));
        socket.trackState();
        for (Consumer<Socket> listener : connectionListeners) {
            try {
                listener.accept(socket);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Connection listener failed on " + LogSafe.text(name) + " for socket " + socket.id(),
                        LogSafe.throwable(e));
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
