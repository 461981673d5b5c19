package dev.sio.socketio.broadcast;

import dev.sio.engineio.protocol.EnginePacket;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one holder of room state for a namespace: room to sockets and socket to rooms. Sockets join
 * and leave through it, and broadcasts are resolved by it, so a cluster adapter can replace it
 * without touching the server. Implementations are thread-safe and take no global lock on the
 * broadcast path.
 */
public interface Adapter {

    /** Adds the socket to the rooms (the first call registers the socket). */
    void addAll(Recipient socket, Set<String> rooms);

    void del(String socketId, String room);

    /** Removes the socket from every room and forgets it. */
    void delAll(String socketId);

    /**
     * Writes the frames to every socket the options select.
     *
     * @param beforeSend called for each selected socket before its frames are written (acks use it)
     * @return the number of sockets written to
     */
    int broadcast(List<EnginePacket> frames, BroadcastOptions options, Consumer<Recipient> beforeSend);

    /** The rooms of a socket (its own id included); empty when unknown. */
    Set<String> socketRooms(String socketId);

    /** The ids of the sockets in any of the rooms (every socket when empty), minus none. */
    Set<String> sockets(Set<String> rooms);

    /** The names of the rooms that have members. */
    Set<String> rooms();

    /** The socket with this id, if it is known here. */
    Recipient socket(String socketId);
}
