package dev.sio.cdi;

import dev.sio.integration.UserRooms;
import dev.sio.socketio.server.BroadcastOperator;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Socket;
import dev.sio.socketio.server.SocketIoServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * Rooms as an injectable bean: join and leave for a socket, and broadcasts to rooms from anywhere
 * in the application (a JAX-RS resource, a timer, a message listener). Room state itself stays in
 * each namespace's adapter. {@link #join} applies the gateway's {@link RoomRule}s.
 */
@ApplicationScoped
public class Rooms {

    @Inject
    SocketIoServer server;

    @Inject
    SocketIoRuntime runtime;

    /**
     * Joins a room, if the gateway's {@link RoomRule}s let the socket's principal in.
     *
     * @throws AccessDeniedException when a rule refuses (answered to the client like a refused event)
     */
    public void join(Socket socket, String room) {
        String refusal = refusal(socket, room);
        if (refusal != null) throw new AccessDeniedException(refusal);
        socket.join(room);
    }

    /** Whether {@link #join} would let the socket into the room. */
    public boolean mayJoin(Socket socket, String room) {
        return refusal(socket, room) == null;
    }

    private String refusal(Socket socket, String room) {
        // the rooms that reach every socket of a user: joined by the server alone
        if (UserRooms.isReserved(room)) return "room names starting with '" + UserRooms.PREFIX + "' are reserved";
        return runtime.roomPolicy(socket.namespace().name()).refusal(Principals.of(socket), room);
    }

    public void leave(Socket socket, String room) {
        socket.leave(room);
    }

    /** A broadcast to the rooms of a namespace (everyone in the namespace when no room is given). */
    public BroadcastOperator to(String namespace, String... rooms) {
        return server.of(namespace).to(rooms);
    }

    /**
     * A broadcast to every socket of a user (its token's {@code sub}) in a namespace, on every node of
     * a cluster: the user's room {@code sio:user:<sub>}, which only the server joins.
     */
    public BroadcastOperator toUser(String namespace, String userId) {
        return server.of(namespace).to(UserRooms.of(userId));
    }

    /** The ids of the sockets in a room. */
    public Set<String> members(String namespace, String room) {
        Namespace nsp = server.namespace(namespace);
        return nsp == null ? Set.of() : nsp.adapter().sockets(Set.of(room));
    }

    /** The rooms that have members in a namespace. */
    public Set<String> rooms(String namespace) {
        Namespace nsp = server.namespace(namespace);
        return nsp == null ? Set.of() : nsp.adapter().rooms();
    }
}
