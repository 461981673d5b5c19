package dev.sio.socketio.server;

/**
 * An acknowledgement will never arrive because the server is shutting down (undeployment or
 * server stop). A subclass of {@link AckTimeoutException}, so code that handles lost
 * acknowledgements goes on working, and code that cares can tell a shutdown apart.
 */
public class ServerClosedException extends AckTimeoutException {
    public ServerClosedException() {
        super("server shutting down");
    }
}
