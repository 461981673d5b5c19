package dev.sio.socketio.server;

/**
 * Handles one server-side event that another node of the cluster emitted to this namespace
 * ({@link Namespace#serverSideEmit}). Runs on the server's executor, never on a Redis I/O thread;
 * it should not block.
 */
@FunctionalInterface
public interface ServerSideHandler {

    /**
     * @param args the event's arguments (without the event name)
     * @param ack  the acknowledgement the sending node waits for (only its first argument travels),
     *             or null when it waits for none
     */
    void handle(Payload args, Ack ack) throws Exception;
}
