package dev.sio.socketio.broadcast;

import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.recovery.StoredPacket;

import java.util.function.Function;

/**
 * A broadcast that connection state recovery keeps ({@link Adapter#broadcastStored}): the EVENT as the
 * store keeps it, still without offset, and how to make the packet to send once the store gave one.
 *
 * @param unnumbered the EVENT encoded without offset, as the store's {@code add} takes it
 * @param packet     the same EVENT as a packet, without offset
 * @param numbered   the packet to send, from the kept one (its offset appended as last argument)
 */
public record StoredBroadcast(StoredPacket unnumbered, Packet packet, Function<StoredPacket, OutgoingPacket> numbered) {

    /** The store could not keep the packet (a shared store out of reach): nothing went out. */
    public static final class NotKept extends RuntimeException {
        public NotKept(RuntimeException cause) {
            super(cause.toString(), cause);
        }
    }
}
