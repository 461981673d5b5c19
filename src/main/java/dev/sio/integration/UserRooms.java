package dev.sio.integration;

import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Socket;
import dev.sio.socketio.server.SocketIoServer;

/**
 * "Every socket of a user", across nodes: each socket that belongs to a user (its token's
 * {@code sub}, {@link dev.sio.socketio.server.Socket#userId()}) joins the room {@code sio:user:<sub>}
 * when it connects, so an emit to a user is an ordinary room broadcast through the namespace's
 * adapter, and reaches that user's sockets on every node once a cluster adapter is installed.
 * The prefix is reserved: {@code Rooms.join} refuses it, so no client can join another user's room.
 */
public final class UserRooms {

    public static final String PREFIX = "sio:user:";

    private UserRooms() {
    }

    /** The room of a user's sockets. */
    public static String of(String userId) {
        return PREFIX + userId;
    }

    public static boolean isReserved(String room) {
        return room.startsWith(PREFIX);
    }

    /**
     * Puts the sockets of users into their user rooms, in every namespace, dynamic children
     * included. Install before clients connect: sockets connected earlier are not in their rooms.
     */
    public static void install(SocketIoServer server) {
        server.onNamespaceCreated(UserRooms::joinOnConnect);
        for (Namespace namespace : server.namespaces()) joinOnConnect(namespace);
    }

    private static void joinOnConnect(Namespace namespace) {
        // as a middleware, after the authentication middleware identified the socket: the socket is in
        // its user's room before its client is told it is connected, so an emit to the user that follows
        // the client's connect reaches it (a connection listener runs only after CONNECT went out)
        namespace.use(UserRooms::join);
        // and once connected, for a namespace whose authentication middleware came after this one
        namespace.onConnection(UserRooms::join);
    }

    private static void join(Socket socket) {
        String user = socket.userId();
        if (user != null && !socket.rooms().contains(of(user))) socket.join(of(user));
    }
}
