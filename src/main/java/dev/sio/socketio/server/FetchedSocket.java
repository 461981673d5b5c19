package dev.sio.socketio.server;

import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.SocketSnapshot;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Arrays;
import java.util.Set;

/**
 * A socket found by fetchSockets, on this node or another (Node's {@code RemoteSocket}): what it
 * was when fetched (id, handshake, rooms, data), and what can be done to it. A local socket is acted
 * on directly; a remote one through the adapter, addressed by its own room (its id).
 */
public final class FetchedSocket {

    private final Namespace namespace;
    private final SocketSnapshot snapshot;

    FetchedSocket(Namespace namespace, SocketSnapshot snapshot) {
        this.namespace = namespace;
        this.snapshot = snapshot;
    }

    public String id() {
        return snapshot.id();
    }

    /** The handshake in Node's shape (headers, time, address, xdomain, secure, issued, url, query, auth), without {@code auth.token}. */
    public JsonObject handshake() {
        return snapshot.handshake();
    }

    /** Its rooms when fetched, its own id included. */
    public Set<String> rooms() {
        return snapshot.rooms();
    }

    /**
     * Its data when fetched (Node's {@code socket.data}): for a socket of ours, an object of its
     * attributes (those JSON can carry); from a Node peer, whatever value it set.
     */
    public JsonValue data() {
        return snapshot.data();
    }

    /** The socket itself when it is connected to this node now, else null. */
    public Socket socket() {
        return namespace.socket(snapshot.id());
    }

    public boolean isLocal() {
        return socket() != null;
    }

    public void emit(String event, Object... args) {
        Socket local = socket();
        if (local != null) local.emit(event, args);
        else namespace.to(snapshot.id()).emit(event, args);
    }

    public void join(String... rooms) {
        Socket local = socket();
        if (local != null) local.join(Set.copyOf(Arrays.asList(rooms)));
        else namespace.adapter().addSockets(self(), Set.copyOf(Arrays.asList(rooms)));
    }

    public void leave(String... rooms) {
        Socket local = socket();
        if (local != null) local.leave(Set.copyOf(Arrays.asList(rooms)));
        else namespace.adapter().delSockets(self(), Set.copyOf(Arrays.asList(rooms)));
    }

    public void disconnect(boolean close) {
        Socket local = socket();
        if (local != null) local.disconnect(close);
        else namespace.adapter().disconnectSockets(self(), close);
    }

    private BroadcastOptions self() {
        return BroadcastOptions.rooms(Set.of(snapshot.id()));
    }

    @Override
    public String toString() {
        return "FetchedSocket[" + snapshot.id() + "," + namespace.name() + (isLocal() ? ",local]" : ",remote]");
    }
}
