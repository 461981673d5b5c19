package dev.sio.socketio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.ConnectionHandler;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.SessionListener;
import dev.sio.socketio.broadcast.Adapter;
import dev.sio.socketio.broadcast.InMemoryAdapter;
import dev.sio.socketio.protocol.EncodedPacket;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * A Socket.IO server on top of an Engine.IO server: one {@link Client} per Engine.IO session,
 * namespaces by name. Free of container APIs.
 */
public final class SocketIoServer implements ConnectionHandler {

    private final SocketIoConfig config;
    private final ScheduledExecutorService scheduler;
    private final PayloadMapper mapper;
    private final Function<String, Adapter> adapterFactory;
    private final PacketEncoder encoder = new PacketEncoder();
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

    public SocketIoServer(SocketIoConfig config, ScheduledExecutorService scheduler, PayloadMapper mapper) {
        this(config, scheduler, mapper, name -> new InMemoryAdapter());
    }

    /** @param adapterFactory makes the room adapter of each namespace, by namespace name */
    public SocketIoServer(SocketIoConfig config, ScheduledExecutorService scheduler, PayloadMapper mapper,
                          Function<String, Adapter> adapterFactory) {
        this.config = config;
        this.scheduler = scheduler;
        this.mapper = mapper;
        this.adapterFactory = adapterFactory;
        of("/"); // the main namespace always exists, as in the reference server
    }

    /** The namespace with this name, created on first use ("/" when null or empty). */
    public Namespace of(String name) {
        String normalized = normalize(name);
        return namespaces.computeIfAbsent(normalized, n -> new Namespace(n, this, adapterFactory.apply(n)));
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

    /** Disconnects every socket (undeployment). */
    public void close() {
        for (Namespace namespace : namespaces.values()) {
            for (Socket socket : List.copyOf(namespace.sockets().values())) {
                socket.disconnect(true);
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

    /** Encodes a packet once into the Engine.IO packets that carry it. */
    List<EnginePacket> frames(Packet packet) {
        EncodedPacket encoded = encoder.encode(packet);
        if (encoded.attachments().isEmpty()) return List.of(EnginePacket.message(encoded.text()));
        List<EnginePacket> frames = new ArrayList<>(1 + encoded.attachments().size());
        frames.add(EnginePacket.message(encoded.text()));
        for (byte[] attachment : encoded.attachments()) frames.add(EnginePacket.binary(attachment));
        return List.copyOf(frames);
    }

    static String normalize(String name) {
        if (name == null || name.isEmpty()) return "/";
        return name.startsWith("/") ? name : "/" + name;
    }
}
