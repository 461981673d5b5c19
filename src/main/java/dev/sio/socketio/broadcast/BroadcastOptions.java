package dev.sio.socketio.broadcast;

import java.time.Duration;
import java.util.Set;

/**
 * Who a broadcast (or a socket operation: join, leave, disconnect, fetch) reaches: the sockets in
 * any of {@code rooms} (everyone when empty), minus those in any of {@code except}.
 *
 * @param local      this node only: a cluster adapter does not publish it (Node's {@code flags.local})
 * @param isVolatile drop the packet for a socket whose transport cannot take it at once
 * @param timeout    how long the acknowledgements of a broadcast with ack are awaited (Node's
 *                   {@code flags.timeout}: other nodes keep their side that long); null when none
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, boolean local, boolean isVolatile, Duration timeout) {

    public static final BroadcastOptions ALL = new BroadcastOptions(Set.of(), Set.of(), false, false, null);

    public BroadcastOptions {
        rooms = Set.copyOf(rooms);
        except = Set.copyOf(except);
    }

    /** Every node, no ack timeout. */
    public BroadcastOptions(Set<String> rooms, Set<String> except, boolean isVolatile) {
        this(rooms, except, false, isVolatile, null);
    }

    /** The sockets in these rooms, on every node. */
    public static BroadcastOptions rooms(Set<String> rooms) {
        return new BroadcastOptions(rooms, Set.of(), false, false, null);
    }

    /** The same selection on this node only (what a cluster adapter runs for a message from another node). */
    public BroadcastOptions asLocal() {
        return local ? this : new BroadcastOptions(rooms, except, true, isVolatile, timeout);
    }
}
