package dev.sio.cdi;

import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;

/**
 * What one handler call knows; resolvers pick their argument from it. Unused parts are null.
 *
 * @param event     the event name (catch-all handlers only)
 * @param namespace the namespace when there is no socket (server-side events only)
 */
record HandlerContext(Socket socket, Payload payload, Ack ack, String reason, String event, Namespace namespace) {

    HandlerContext(Socket socket, Payload payload, Ack ack, String reason) {
        this(socket, payload, ack, reason, null, null);
    }

    HandlerContext(Socket socket, Payload payload, Ack ack, String reason, String event) {
        this(socket, payload, ack, reason, event, null);
    }

    /** The socket's namespace, or the one a server-side event came to. */
    Namespace currentNamespace() {
        return socket != null ? socket.namespace() : namespace;
    }
}
