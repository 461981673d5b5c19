package dev.sio.socketio.broadcast;

import dev.sio.socketio.recovery.RecoveryStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rooms of one namespace in this JVM, and every operation that spans sockets done on the local
 * ones only (the default adapter: one node, nothing published). Concurrent maps and per-room concurrent sets: joins, leaves
 * and broadcasts on different rooms never contend, and a broadcast iterates a room while others
 * join it (it sees them or not, as with any concurrent delivery).
 *
 * <p>Every socket is in its own room, and most sockets are in no other, so a set of one element
 * (a room of one socket, the rooms of a socket that joined only its own) is an immutable
 * {@code Set.of(x)}, replaced by a concurrent set when a second element comes: ~350 bytes less per
 * idle socket. Sets change only inside the owning map's {@code compute}, atomically per key.
 */
public final class InMemoryAdapter implements Adapter {

    private static final CompletionStage<Integer> ONE_SERVER = CompletableFuture.completedFuture(1);

    private final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> roomsBySocket = new ConcurrentHashMap<>();
    private final Map<String, Recipient> sockets = new ConcurrentHashMap<>();
    private final RecoveryStore recovery;
    private final RoomEvents roomEvents;
    private volatile AdapterHost host = AdapterHost.detached("/");

    /** Rooms without connection state recovery. */
    public InMemoryAdapter() {
        this(null);
    }

    /** @param recovery where disconnected sessions and missed packets are kept; null for none */
    public InMemoryAdapter(RecoveryStore recovery) {
        this(recovery, RoomEvents.NONE);
    }

    /**
     * @param recovery where disconnected sessions and missed packets are kept; null for none
     * @param events   told when a room gets its first member or loses its last (a cluster adapter's hook)
     */
    public InMemoryAdapter(RecoveryStore recovery, RoomEvents events) {
        this.recovery = recovery;
        this.roomEvents = events == null ? RoomEvents.NONE : events;
    }

    @Override
    public void init(AdapterHost host) {
        this.host = host;
    }

    @Override
    public RecoveryStore recovery() {
        return recovery;
    }

    @Override
    public void addAll(Recipient socket, Set<String> names) {
        String id = socket.id();
        sockets.putIfAbsent(id, socket);
        for (String room : names) {
            roomsBySocket.compute(id, (k, own) -> with(own, room));
            boolean[] created = new boolean[1];
            rooms.compute(room, (k, members) -> {
                created[0] = members == null;
                return with(members, id);
            });
            if (created[0]) roomEvents.roomCreated(room);
        }
    }

    /** The set plus one element: {@code Set.of(element)} for a first one, a concurrent set from the second on. */
    static Set<String> with(Set<String> set, String element) {
        if (set == null) return Set.of(element);
        if (set instanceof ConcurrentHashMap.KeySetView<String, ?> mutable) {
            mutable.add(element);
            return mutable;
        }
        if (set.contains(element)) return set;
        Set<String> grown = ConcurrentHashMap.newKeySet();
        grown.addAll(set);
        grown.add(element);
        return grown;
    }

    /** The set minus one element; null (no mapping) once it is empty. */
    static Set<String> without(Set<String> set, String element) {
        if (set == null) return null;
        if (set instanceof ConcurrentHashMap.KeySetView<String, ?> mutable) {
            mutable.remove(element);
            return mutable.isEmpty() ? null : mutable;
        }
        return set.contains(element) ? null : set; // an immutable set holds one element
    }

    @Override
    public void del(String socketId, String room) {
        roomsBySocket.computeIfPresent(socketId, (k, own) -> without(own, room));
        leaveRoom(socketId, room);
    }

    @Override
    public void delAll(String socketId) {
        Set<String> own = roomsBySocket.remove(socketId);
        sockets.remove(socketId);
        if (own == null) return;
        for (String room : own) leaveRoom(socketId, room);
    }

    private void leaveRoom(String socketId, String room) {
        // atomic per room: an emptied room disappears, a concurrent join recreates it
        boolean[] deleted = new boolean[1];
        rooms.computeIfPresent(room, (k, members) -> {
            Set<String> left = without(members, socketId);
            deleted[0] = left == null;
            return left;
        });
        if (deleted[0]) roomEvents.roomDeleted(room);
    }

    @Override
    public int broadcast(OutgoingPacket packet, BroadcastOptions options) {
        Set<String> excluded = excluded(options.except());
        int count = 0; // the packet is encoded for the first recipient, the same frames for all
        for (String id : targets(options.rooms())) {
            if (excluded.contains(id)) continue;
            Recipient socket = sockets.get(id);
            if (socket == null) continue;
            socket.deliver(packet, options.isVolatile());
            count++;
        }
        host.delivered(packet, count);
        return count;
    }

    @Override
    public void broadcastWithAck(OutgoingPacket packet, BroadcastOptions options, AckedBroadcast acks) {
        long ackId = host.nextAckId();
        OutgoingPacket numbered = packet.withAckId(ackId);
        List<Recipient> reached = selected(options);
        for (Recipient socket : reached) {
            // registered before the write: the answer may come back before the loop ends
            socket.expectAck(ackId, acks::ack, acks::lost);
            socket.deliver(numbered, options.isVolatile());
        }
        host.delivered(numbered, reached.size());
        acks.clientCount(reached.size());
        forgetAfterTimeout(reached, ackId, options.timeout());
    }

    /** The sockets that did not answer in time stop waiting for it (else each keeps an entry until it leaves). */
    private void forgetAfterTimeout(List<Recipient> reached, long ackId, Duration timeout) {
        ScheduledExecutorService scheduler = host.scheduler();
        if (timeout == null || scheduler == null || reached.isEmpty()) return;
        try {
            scheduler.schedule(() -> reached.forEach(socket -> socket.forgetAck(ackId)),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the server is stopping: its sockets go, and their pending answers with them
        }
    }

    @Override
    public void addSockets(BroadcastOptions options, Set<String> names) {
        for (Recipient socket : selected(options)) socket.join(names);
    }

    @Override
    public void delSockets(BroadcastOptions options, Set<String> names) {
        for (Recipient socket : selected(options)) socket.leave(names);
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean close) {
        for (Recipient socket : selected(options)) socket.disconnect(close);
    }

    @Override
    public CompletionStage<List<SocketSnapshot>> fetchSockets(BroadcastOptions options) {
        List<SocketSnapshot> out = new ArrayList<>();
        for (Recipient socket : selected(options)) out.add(socket.snapshot());
        return CompletableFuture.completedFuture(List.copyOf(out));
    }

    @Override
    public void serverSideEmit(Arguments event) {
        // no other node to tell
    }

    @Override
    public CompletionStage<List<Arguments>> serverSideEmitWithAck(Arguments event, Duration timeout) {
        return CompletableFuture.completedFuture(List.of()); // no other node to wait for
    }

    @Override
    public CompletionStage<Set<String>> allRooms() {
        return CompletableFuture.completedFuture(rooms());
    }

    @Override
    public CompletionStage<Integer> serverCount() {
        return ONE_SERVER;
    }

    /**
     * The local sockets the options select, as a list taken before acting on them: an operation
     * (join, leave, disconnect) changes the very sets it selects from.
     */
    private List<Recipient> selected(BroadcastOptions options) {
        Set<String> excluded = excluded(options.except());
        List<Recipient> out = new ArrayList<>();
        for (String id : targets(options.rooms())) {
            if (excluded.contains(id)) continue;
            Recipient socket = sockets.get(id);
            if (socket != null) out.add(socket);
        }
        return out;
    }

    /** The ids to visit: a room's own set when there is one room (no copy), a union otherwise. */
    private Collection<String> targets(Set<String> names) {
        if (names.isEmpty()) return sockets.keySet();
        if (names.size() == 1) {
            Set<String> members = rooms.get(names.iterator().next());
            return members == null ? Set.of() : members;
        }
        Set<String> union = new HashSet<>();
        for (String room : names) {
            Set<String> members = rooms.get(room);
            if (members != null) union.addAll(members);
        }
        return union;
    }

    private Set<String> excluded(Set<String> except) {
        if (except.isEmpty()) return Set.of();
        Set<String> ids = new HashSet<>();
        for (String room : except) {
            Set<String> members = rooms.get(room);
            if (members != null) ids.addAll(members);
        }
        return ids;
    }

    @Override
    public Set<String> socketRooms(String socketId) {
        Set<String> own = roomsBySocket.get(socketId);
        return own == null ? Set.of() : Set.copyOf(own);
    }

    @Override
    public Set<String> sockets(Set<String> names) {
        return Set.copyOf(targets(names));
    }

    @Override
    public Set<String> rooms() {
        return Set.copyOf(rooms.keySet());
    }

    @Override
    public Recipient socket(String socketId) {
        return sockets.get(socketId);
    }
}
