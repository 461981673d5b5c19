package dev.sio.socketio.server;

/**
 * Runs before a socket joins its namespace (Socket.IO's {@code namespace.use}); authentication
 * lives here. Throw {@link ConnectRefusedException} to refuse with a message the client sees.
 */
@FunctionalInterface
public interface ConnectMiddleware {
    void check(Socket socket) throws ConnectRefusedException;
}
