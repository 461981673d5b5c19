package dev.sio.socketio.server;

/**
 * Sees every event sent to a socket, by {@code socket.emit} or by a broadcast that reaches it, just
 * before it is written: for auditing (Node's {@code socket.onAnyOutgoing}). Not called for
 * acknowledgements. Runs on the emitting thread: it must be quick and must not block.
 */
@FunctionalInterface
public interface OutgoingEventListener {

    /**
     * @param socket the recipient
     * @param event  the event name
     * @param args   the event's arguments (without the event name)
     */
    void onEvent(Socket socket, String event, Payload args) throws Exception;
}
