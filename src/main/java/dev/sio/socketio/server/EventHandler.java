package dev.sio.socketio.server;

/**
 * Handles one named event. Runs on the connection's receiving thread, one event at a time per
 * connection; a handler that blocks delays only its own connection, but should still not block.
 */
@FunctionalInterface
public interface EventHandler {

    /**
     * @param socket the sender
     * @param args   the event's arguments (without the event name)
     * @param ack    the acknowledgement the sender asked for, or null
     */
    void handle(Socket socket, Payload args, Ack ack) throws Exception;
}
