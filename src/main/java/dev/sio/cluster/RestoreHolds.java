package dev.sio.cluster;

import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.InMemoryAdapter;
import dev.sio.socketio.broadcast.OutgoingPacket;
import dev.sio.socketio.broadcast.Recipient;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketType;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The sockets of one namespace that connection state recovery is restoring or just restored, as the
 * cluster thread must see them when another node's stored broadcast arrives (the race of
 * docs/cluster.md, "another node's broadcast during a restore"):
 * <ul>
 *   <li>while held (from the join to the end of the missed packets), such a broadcast is kept for the
 *       socket, not written, and written after the missed packets unless its offset is at or before
 *       where the restore read the stream up to (the socket got it among them);</li>
 *   <li>for {@link #LATE_PUBLISHES} after that, such a broadcast at or before that offset is not written
 *       to the socket (its publish came late; the socket got it among the missed ones).</li>
 * </ul>
 * A broadcast's offset is its last argument, a Redis stream id (a shared store's offsets travel with
 * the packet). Everything here is guarded by one lock, taken by the cluster thread for each broadcast
 * from another node while the namespace recovers through a shared store, and by the restore for the
 * join and the release; never held over a call to Redis. With no socket held nor just restored (the
 * usual case) the broadcast goes out as before: the lock is all it costs.
 */
final class RestoreHolds {

    private static final Logger LOG = System.getLogger(RestoreHolds.class.getName());

    /** How long a restored socket is left out of other nodes' stored broadcasts at or before its read. */
    static final long LATE_PUBLISHES = TimeUnit.SECONDS.toNanos(10);
    /** Broadcasts kept for one held socket at most (a restore lasts a few Redis round trips). */
    static final int MAX_HELD = 10_000;

    private final Object lock = new Object();
    private final InMemoryAdapter local;
    private final Map<String, Held> held = new LinkedHashMap<>();
    private final ArrayDeque<Restored> restored = new ArrayDeque<>(); // in release order: oldest first
    private String newestReadTo; // the latest readTo of restored (null when empty): later offsets skip nobody

    RestoreHolds(InMemoryAdapter local) {
        this.local = local;
    }

    private static final class Held {
        final Recipient socket;
        final List<OutgoingPacket> packets = new ArrayList<>();
        final List<String> offsets = new ArrayList<>();
        boolean overflowed;

        Held(Recipient socket) {
            this.socket = socket;
        }
    }

    private record Restored(String socketId, String readTo, long until) {
    }

    /** Joins the socket to its rooms, held: from now on other nodes' stored broadcasts to it wait. */
    void join(Recipient socket, Set<String> rooms, Consumer<Set<String>> addAll) {
        synchronized (lock) {
            held.put(socket.id(), new Held(socket));
            try {
                addAll.accept(rooms);
            } catch (RuntimeException e) {
                held.remove(socket.id()); // no release will come
                throw e;
            }
        }
    }

    /** Runs {@code send}, writes what was held after {@code readTo}, then leaves the socket out of older ones for a while. */
    void release(String socketId, String readTo, Runnable send) {
        synchronized (lock) {
            Held h = held.remove(socketId);
            send.run();
            if (h == null) return;
            for (int i = 0; i < h.packets.size(); i++) {
                if (readTo == null || StreamIds.after(h.offsets.get(i), readTo)) h.socket.deliver(h.packets.get(i), false);
            }
            if (h.overflowed) {
                LOG.log(Level.WARNING, "More than {0} broadcasts of other nodes arrived during the restore of socket {1}; later ones were lost",
                        MAX_HELD, socketId);
            }
            pruneRestored();
            if (readTo != null) {
                restored.addLast(new Restored(socketId, readTo, System.nanoTime() + LATE_PUBLISHES));
                if (newestReadTo == null || StreamIds.after(readTo, newestReadTo)) newestReadTo = readTo;
            }
        }
    }

    /**
     * On the cluster thread: writes another node's broadcast to the local sockets the options select,
     * around the held and just restored ones.
     */
    void broadcast(OutgoingPacket packet, BroadcastOptions options) {
        synchronized (lock) {
            if (held.isEmpty() && restored.isEmpty()) {
                local.broadcast(packet, options);
                return;
            }
            String offset = storedOffset(packet.packet(), options);
            if (offset == null) {
                local.broadcast(packet, options); // not a stored broadcast: no promise to keep
                return;
            }
            pruneRestored();
            boolean late = newestReadTo != null && !StreamIds.after(offset, newestReadTo);
            if (held.isEmpty() && !late) {
                local.broadcast(packet, options); // newer than every restore's read: nobody to leave out
                return;
            }
            Set<String> skip = new HashSet<>(held.keySet());
            if (late) {
                // a late publish (its packet is older than a restore's read): rare, so a walk is fine
                for (Restored r : restored) if (!StreamIds.after(offset, r.readTo())) skip.add(r.socketId());
            }
            if (skip.isEmpty()) {
                local.broadcast(packet, options);
                return;
            }
            // every socket is in the room of its own id: leaving those rooms out leaves the sockets out
            Set<String> except = new HashSet<>(options.except());
            except.addAll(skip);
            local.broadcast(packet, new BroadcastOptions(options.rooms(), except, options.local(), options.isVolatile(), options.timeout()));
            for (Held h : held.values()) {
                if (!isFor(local.socketRooms(h.socket.id()), options)) continue;
                if (h.packets.size() >= MAX_HELD) {
                    h.overflowed = true;
                    continue;
                }
                h.packets.add(packet);
                h.offsets.add(offset);
            }
        }
    }

    /** Forgets the restored sockets whose time is up (oldest first). */
    private void pruneRestored() {
        long now = System.nanoTime();
        while (!restored.isEmpty() && now - restored.peekFirst().until() > 0) restored.removeFirst();
        if (restored.isEmpty()) newestReadTo = null;
    }

    /** Whether a socket in {@code rooms} is among those the options select (as the in-memory adapter selects). */
    private static boolean isFor(Set<String> rooms, BroadcastOptions options) {
        boolean included = options.rooms().isEmpty();
        for (String room : rooms) {
            if (options.except().contains(room)) return false;
            if (!included && options.rooms().contains(room)) included = true;
        }
        return included;
    }

    /**
     * The offset of a stored broadcast (an EVENT without ack id, not volatile, whose last argument is a
     * stream id: what a node with a shared store publishes); null for any other packet.
     */
    static String storedOffset(Packet packet, BroadcastOptions options) {
        if (packet.type() != PacketType.EVENT || packet.id() != null || options.isVolatile()) return null;
        if (!(packet.data() instanceof JsonArray args) || args.size() < 2) return null;
        JsonValue last = args.get(args.size() - 1);
        return last instanceof JsonString s && StreamIds.isId(s.getString()) ? s.getString() : null;
    }
}
