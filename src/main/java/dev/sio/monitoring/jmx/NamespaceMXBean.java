package dev.sio.monitoring.jmx;

/** One namespace: {@code dev.sio:type=Namespace,app=<application name>,name=/chat}. */
public interface NamespaceMXBean {

    String getName();

    int getSockets();

    /** Rooms with members, the sockets' own rooms not counted. */
    int getRooms();

    /** At most {@value NamespaceView#MAX_LISTED} room names, sorted. */
    String[] getRoomNames();

    /** The ids of the sockets in a room (at most {@value NamespaceView#MAX_LISTED}), sorted. */
    String[] roomSockets(String room);

    /**
     * Disconnects a socket from this namespace, or its whole connection when {@code closeConnection}.
     *
     * @return false when the socket is not here
     */
    boolean disconnectSocket(String socketId, boolean closeConnection);

    /**
     * Emits an event to a room ("" for the whole namespace).
     *
     * @param jsonArguments a JSON array of the event's arguments, e.g. {@code ["maintenance at 18:00"]}
     * @return how many sockets were selected
     */
    int emitToRoom(String room, String event, String jsonArguments);
}
