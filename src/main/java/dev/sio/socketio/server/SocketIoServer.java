package dev.sio.socketio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.ConnectionHandler;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.SessionListener;
import dev.sio.socketio.broadcast.AdapterFactory;
import dev.sio.socketio.broadcast.OutgoingPacket;
import dev.sio.socketio.protocol.EncodedPacket;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.Parser;
import dev.sio.socketio.recovery.RecoveryStore;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * A Socket.IO server on top of an Engine.IO server: one {@link Client} per Engine.IO session,
 * namespaces by name. Free of container APIs.
 */
public final class SocketIoServer implements ConnectionHandler {

    private static final Logger LOG = System.getLogger(SocketIoServer.class.getName());

    private final SocketIoConfig config;
    private final ScheduledExecutorService scheduler;
    private final PayloadMapper mapper;
    private final AdapterFactory adapterFactory;
    private final Parser parser;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private final List<ParentNamespace> parents = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<Namespace>> namespaceListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final RecoveryStore recoveryStore;
    private volatile ScheduledFuture<?> recoveryExpiry;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Each namespace's adapter made by {@code config.adapter()} (in-memory by default); with recovery
     * on, one in-memory store shared by the namespaces it covers, handed to their adapters.
     */
    public SocketIoServer(SocketIoConfig config, ScheduledExecutorService scheduler, PayloadMapper mapper) {
        this(config, scheduler, mapper, System::currentTimeMillis);
    }

    /** As above, with the clock the recovery store counts its window on (tests use a virtual one). */
    SocketIoServer(SocketIoConfig config, ScheduledExecutorService scheduler, PayloadMapper mapper, LongSupplier clock) {
        this.config = config;
        this.scheduler = scheduler;
        this.mapper = mapper;
        this.adapterFactory = config.adapter();
        this.parser = config.parser();
        this.recoveryStore = config.recovery().enabled() ? adapterFactory.recoveryStore(config.recovery(), clock) : null;
        of("/"); // the main namespace always exists, as in the reference server
        if (recoveryStore != null) scheduleRecoveryExpiry();
    }

    /** The recovery store of a namespace: the shared one when recovery covers it, else null. */
    private RecoveryStore recoveryFor(String namespace) {
        return recoveryStore != null && config.recovery().covers(namespace) ? recoveryStore : null;
    }

    /** Drops expired sessions and packets now and then, so that an idle server lets go of them too. */
    private void scheduleRecoveryExpiry() {
        long window = config.recovery().maxDisconnection().toMillis();
        // a shared store keeps the live state of connected sockets for one window: refreshed twice per window
        long period = Math.max(1_000, Math.min(60_000, recoveryStore.shared() ? window / 2 : window));
        recoveryExpiry = scheduler.schedule(() -> {
            recoveryStore.expire();
            if (recoveryStore.shared()) refreshLiveStates();
            if (!closed.get()) scheduleRecoveryExpiry();
        }, period, TimeUnit.MILLISECONDS);
    }

    /** Writes again the live state of every connected socket that recovers (a shared store lets it expire otherwise). */
    private void refreshLiveStates() {
        for (Namespace namespace : namespaces.values()) {
            if (namespace.recovery() == null) continue;
            for (Socket socket : namespace.sockets().values()) socket.trackState();
        }
    }

    /**
     * The namespace with this name, created on first use ("/" when null or empty). A name a
     * {@link #ofPattern dynamic namespace} matches is created as its child, set up by it.
     */
    public Namespace of(String name) {
        return of(normalize(name), false);
    }

    /**
     * @param byClient the CONNECT of a client asks for it: a child is then created only while its
     *                 parent has room, a namespace nobody declared not at all (null)
     */
    private Namespace of(String normalized, boolean byClient) {
        Namespace existing = namespaces.get(normalized);
        if (existing != null) return existing;
        ParentNamespace parent = parentOf(normalized);
        if (byClient && (parent == null || parent.full())) return null;
        boolean[] created = new boolean[1];
        // the child is set up inside computeIfAbsent: a concurrent CONNECT to the same name waits for it
        // and never finds the namespace without its middlewares and handlers
        Namespace namespace = namespaces.computeIfAbsent(normalized, n -> {
            created[0] = true;
            Namespace made = new Namespace(n, this, adapterFactory.create(n, recoveryFor(n)));
            if (parent != null) parent.adopt(made);
            return made;
        });
        if (created[0]) {
            for (var listener : namespaceListeners) listener.accept(namespace);
        }
        return namespace;
    }

    /**
     * A dynamic namespace: every namespace whose whole name matches the regular expression (e.g.
     * {@code ^/tenant-[a-z0-9]+$}) is created as its child on first use. Parents are tried in the order
     * they were made; a namespace created by name ({@link #of}) takes precedence.
     */
    public ParentNamespace ofPattern(String regex) {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        return ofMatching(regex, name -> pattern.matcher(name).matches());
    }

    /** A dynamic namespace for the names a predicate accepts, for rules a regular expression cannot say. */
    public ParentNamespace ofMatching(String description, java.util.function.Predicate<String> matcher) {
        ParentNamespace parent = new ParentNamespace(description, matcher);
        parents.add(parent);
        return parent;
    }

    public List<ParentNamespace> parents() {
        return List.copyOf(parents);
    }

    private ParentNamespace parentOf(String name) {
        for (ParentNamespace parent : parents) {
            if (parent.matches(name)) return parent;
        }
        return null;
    }

    /** The namespace a client's CONNECT asks for: an existing one, or a new child of a dynamic namespace; else null. */
    Namespace namespaceForConnect(String name) {
        return of(normalize(name), true);
    }

    /**
     * Called with each namespace created from now on (monitoring registers its views this way); the
     * existing ones are in {@link #namespaces()}. Runs on the thread that created the namespace.
     */
    public void onNamespaceCreated(java.util.function.Consumer<Namespace> listener) {
        namespaceListeners.add(listener);
    }

    /** The namespace with this name if it exists, else null. */
    public Namespace namespace(String name) {
        return namespaces.get(normalize(name));
    }

    public List<Namespace> namespaces() {
        return List.copyOf(namespaces.values());
    }

    @Override
    public SessionListener onConnection(EngineSession session) {
        return new Client(this, session);
    }

    /**
     * The last step of a graceful shutdown, normally after the Engine.IO server closed every
     * session (which made each socket leave with {@value DisconnectReasons#SERVER_SHUTTING_DOWN}
     * through its normal close path). The connection of a socket still listed is closed now with
     * that reason, the same path: no DISCONNECT packet, as in the reference server's
     * {@code io.close()}, so that the client reconnects. Then each namespace's adapter is closed.
     * Idempotent.
     */
    public void close() {
        ScheduledFuture<?> expiry = recoveryExpiry;
        if (expiry != null) expiry.cancel(false);
        for (Namespace namespace : namespaces.values()) {
            for (Socket socket : List.copyOf(namespace.sockets().values())) {
                socket.closeConnection(DisconnectReasons.SERVER_SHUTTING_DOWN);
            }
        }
        if (closed.compareAndSet(false, true)) {
            for (Namespace namespace : namespaces.values()) {
                try {
                    namespace.adapter().close();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Adapter of namespace " + namespace.name() + " failed to close", e);
                }
            }
            try {
                if (recoveryStore != null) recoveryStore.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Recovery store failed to close", e);
            }
            try {
                adapterFactory.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Adapter factory failed to close", e);
            }
        }
    }

    public SocketIoConfig config() {
        return config;
    }

    public PayloadMapper mapper() {
        return mapper;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The wire format of every client of this server. */
    Parser parser() {
        return parser;
    }

    /** Encodes a packet once into the Engine.IO packets that carry it. */
    List<EnginePacket> frames(Packet packet) {
        return frames(parser.encode(packet));
    }

    static List<EnginePacket> frames(EncodedPacket encoded) {
        return OutgoingPacket.frames(encoded);
    }

    /** Encodes a packet for one client, counted as sent. */
    List<EnginePacket> framesForOne(Packet packet) {
        List<EnginePacket> frames = frames(packet);
        events.messagesSent(frames, 1);
        return frames;
    }

    // ---- monitoring ----

    private volatile ServerEvents events = ServerEvents.NONE;

    /** The listener told of sockets, packets and broadcasts ({@link ServerEvents#NONE}: none). */
    public void setEvents(ServerEvents listener) {
        this.events = listener == null ? ServerEvents.NONE : listener;
    }

    public ServerEvents events() {
        return events;
    }

    static String normalize(String name) {
        if (name == null || name.isEmpty()) return "/";
        return name.startsWith("/") ? name : "/" + name;
    }
}
