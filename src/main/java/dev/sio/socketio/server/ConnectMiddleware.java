package dev.sio.socketio.server;

/**
 * Runs before a socket joins its namespace (Socket.IO's {@code namespace.use}); authentication
 * lives here. Throw {@link ConnectRefusedException} to refuse with a message the client sees.
 *
 * <p>With connection state recovery, a socket that recovers a previous session takes that session's id
 * after the middlewares passed: a middleware may set attributes and {@link Socket#identify} the user, but
 * must not keep the socket's id.
 */
@FunctionalInterface
public interface ConnectMiddleware {
    void check(Socket socket) throws ConnectRefusedException;
}
