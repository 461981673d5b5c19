package dev.sio.socketio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.SessionListener;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.Parser;
import dev.sio.socketio.protocol.PacketType;
import dev.sio.socketio.protocol.SocketIoProtocolException;
import jakarta.json.JsonObject;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Engine.IO session seen from Socket.IO: decodes its packets (binary reassembly is per
 * connection) and multiplexes them over the namespaces it joined.
 */
final class Client implements SessionListener {

    private static final Logger LOG = System.getLogger(Client.class.getName());

    private final SocketIoServer server;
    private final EngineSession session;
    private final Parser.Decoder decoder;
    // namespace name -> socket; copy-on-write (joins and leaves are rare, lookups are per packet, and
    // most connections join one namespace: an immutable map costs a fraction of a concurrent one)
    private volatile Map<String, Socket> sockets = Map.of();
    private volatile ScheduledFuture<?> connectTimer;
    // set (under this) when the session closed: a socket whose middlewares finish later must not register
    private volatile boolean closed;
    // a socket.io-client 2.x connection (Engine.IO 3, Socket.IO protocol 4): see LegacyProtocol
    private final boolean legacy;
    // legacy only: "/" was answered though the application serves no such namespace (see connectRoot)
    private volatile boolean emptyRoot;

    Client(SocketIoServer server, EngineSession session) {
        this.server = server;
        this.session = session;
        this.decoder = server.parser().newDecoder(server.config().maxAttachments());
        this.legacy = session.protocol() == 3;
        if (legacy) {
            // the v2 client joins "/" without asking, so no CONNECT is awaited (the reference server
            // sets no connect timeout for it either)
            connectRoot();
        } else {
            // a connection that joins no namespace in time is closed (the spec: CONNECT comes first)
            this.connectTimer = server.scheduler().schedule(this::onConnectTimeout,
                    server.config().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The implicit join of "/" of a v2 client. The reference server always has "/" (possibly without
     * handlers), so it always answers; an application without "/" here answers the same and ignores
     * what the client sends to it: a CONNECT_ERROR on "/" would reach every namespace of a v2 client.
     */
    private void connectRoot() {
        if (server.namespaceForConnect(Packet.MAIN_NAMESPACE) == null) {
            emptyRoot = true;
            send(Packet.connect(Packet.MAIN_NAMESPACE, null));
            return;
        }
        connect(Packet.MAIN_NAMESPACE, null);
    }

    EngineSession session() {
        return session;
    }

    SocketIoServer server() {
        return server;
    }

    /** False once the connection closed (or is closing for good): nothing may join it any more. */
    boolean isOpen() {
        return !closed && session.isOpen();
    }

    @Override
    public void onMessage(EnginePacket message) {
        server.events().messageReceived(message);
        Packet packet;
        try {
            packet = message.isBinary() ? decoder.decodeBinary(message.binary())
                    : decoder.decodeText(message.data() == null ? "" : message.data());
        } catch (SocketIoProtocolException e) {
            session.protocolError("invalid Socket.IO packet: " + e.getMessage());
            session.closeNow(CloseReasons.PARSE_ERROR);
            return;
        }
        if (packet != null) dispatch(packet);
    }

    private void dispatch(Packet packet) {
        if (legacy && dispatchLegacy(packet)) return;
        Socket socket = sockets.get(packet.namespace());
        if (socket == null && packet.type() == PacketType.CONNECT) {
            connect(packet.namespace(), packet.data() == null ? null : packet.data().asJsonObject());
        } else if (socket != null && packet.type() != PacketType.CONNECT) {
            socket.onPacket(packet);
        } else {
            // a packet for a namespace it has not joined, or a second CONNECT: the client is out of
            // step with the server, and the reference server closes such a connection
            session.protocolError(packet.type() + " packet for namespace " + packet.namespace()
                    + " in the wrong state");
            session.close(CloseReasons.FORCED_CLOSE);
        }
    }

    /** The v2 differences on the way in; true when the packet was handled here. */
    private boolean dispatchLegacy(Packet packet) {
        if (packet.type() == PacketType.CONNECT) {
            String name = LegacyProtocol.namespace(packet.namespace());
            if (emptyRoot && name.equals(Packet.MAIN_NAMESPACE)) return true; // answered already
            if (sockets.get(name) != null) return false; // a second CONNECT: refused as for any client
            connect(name, LegacyProtocol.auth(packet.namespace(), session.handshake()));
            return true;
        }
        // what a v2 client sends to the "/" it joined implicitly, when the application has none: nobody listens
        return emptyRoot && packet.namespace().equals(Packet.MAIN_NAMESPACE);
    }

    private void connect(String name, JsonObject auth) {
        Namespace namespace = server.namespaceForConnect(name);
        if (namespace == null) {
            server.events().connectRefused(null, "Invalid namespace");
            // {"message":"Invalid namespace"} for every client, v2 ones included, as the reference server
            // answers (only middleware refusals are reduced to their message for v2 clients)
            session.send(server.framesForOne(Packet.connectError(name, "Invalid namespace")));
            return;
        }
        Socket socket = namespace.add(this, auth);
        if (socket == null) return;
        synchronized (this) {
            if (closed) {
                // closed after the namespace's own check: onClose has run and will not see this socket
                namespace.discard(socket);
                return;
            }
            Map<String, Socket> next = new HashMap<>(sockets);
            next.put(namespace.name(), socket);
            sockets = Map.copyOf(next);
        }
        cancelConnectTimer();
        socket.accepted();
    }

    private void onConnectTimeout() {
        if (sockets.isEmpty() && session.isOpen()) {
            LOG.log(Level.DEBUG, "Closing session {0}: no namespace joined in time", session.id());
            session.close(CloseReasons.FORCED_CLOSE);
        }
    }

    /** Encodes and queues one packet for this client only. */
    void send(Packet packet) {
        session.send(server.framesForOne(legacy ? LegacyProtocol.outgoing(packet) : packet));
    }

    /** Whether this is a socket.io-client 2.x connection (Socket.IO protocol 4 over Engine.IO 3). */
    boolean isLegacy() {
        return legacy;
    }

    /** Queues already-encoded frames (a broadcast's shared ones). */
    void write(List<EnginePacket> frames, boolean isVolatile) {
        if (!isVolatile) session.send(frames);
        else if (!session.sendVolatile(frames)) server.events().volatileDropped();
    }

    void remove(Socket socket) {
        synchronized (this) {
            if (sockets.get(socket.namespace().name()) != socket) return;
            Map<String, Socket> next = new HashMap<>(sockets);
            next.remove(socket.namespace().name());
            sockets = Map.copyOf(next);
        }
    }

    /** Cancels the connect deadline and lets go of it (an idle connection should not keep a dead task). */
    private void cancelConnectTimer() {
        ScheduledFuture<?> timer = connectTimer;
        if (timer != null) {
            timer.cancel(false);
            connectTimer = null;
        }
    }

    /** Leaves every namespace and closes the connection once the DISCONNECT packets are out. */
    void disconnectAll() {
        for (Socket socket : sockets.values()) socket.disconnect(false);
        session.close(CloseReasons.FORCED_CLOSE);
    }

    @Override
    public void onClose(String reason) {
        cancelConnectTimer();
        Map<String, Socket> joined;
        synchronized (this) {
            closed = true;
            joined = sockets;
            sockets = Map.of();
        }
        for (Socket socket : joined.values()) socket.onClose(reason);
    }
}
