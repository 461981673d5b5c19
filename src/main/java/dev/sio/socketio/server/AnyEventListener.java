package dev.sio.socketio.server;

/**
 * Sees every event a socket receives, after the event's own handler (if any) ran: for auditing,
 * logging, or serving events whose names are not known in advance. The server's counterpart of
 * Node's {@code socket.onAny}.
 */
@FunctionalInterface
public interface AnyEventListener {

    /**
     * @param socket the sender
     * @param event  the event name, as the client sent it (escape it before logging it)
     * @param args   the event's arguments (without the event name)
     * @param ack    the acknowledgement the sender asked for, only when no handler of the event exists
     *               (otherwise that handler owns it, and this is null): a client is answered once
     */
    void onEvent(Socket socket, String event, Payload args, Ack ack) throws Exception;
}
