package dev.sio.socketio.broadcast;

import java.util.Set;
import java.util.function.Consumer;

/**
 * A local socket as the adapter sees it: everything an operation spanning sockets does to one of
 * them, so that no caller needs to know the socket's class.
 */
public interface Recipient {

    String id();

    /**
     * Writes the frames of one packet ({@link OutgoingPacket#frames()}: the same objects for every
     * recipient, encode once, write many). Must not block.
     *
     * @param isVolatile drop the packet instead of queueing it when the transport is busy
     */
    void deliver(OutgoingPacket packet, boolean isVolatile);

    /**
     * Registers what to do with the socket's answer to packet {@code ackId}, before the packet is
     * written. {@code onLost} is called instead when the socket leaves first.
     */
    void expectAck(long ackId, Consumer<Arguments> onAnswer, Consumer<Throwable> onLost);

    /** Stops waiting for the answer to {@code ackId} (its broadcast timed out); nothing is called. */
    void forgetAck(long ackId);

    /** Joins the rooms (a socket that has left joins nothing). */
    void join(Set<String> rooms);

    /** Leaves the rooms. */
    void leave(Set<String> rooms);

    /** Leaves the namespace; with {@code close}, closes the whole connection. */
    void disconnect(boolean close);

    /** What fetchSockets reports of this socket. */
    SocketSnapshot snapshot();
}
