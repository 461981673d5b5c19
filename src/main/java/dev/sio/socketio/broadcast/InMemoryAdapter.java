package dev.sio.socketio.broadcast;

import dev.sio.engineio.protocol.EnginePacket;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Rooms of one namespace in this JVM. Concurrent maps and per-room concurrent sets: joins, leaves
 * and broadcasts on different rooms never contend, and a broadcast iterates a room while others
 * join it (it sees them or not, as with any concurrent delivery).
 *
 * <p>Every socket is in its own room, and most sockets are in no other, so a set of one element
 * (a room of one socket, the rooms of a socket that joined only its own) is an immutable
 * {@code Set.of(x)}, replaced by a concurrent set when a second element comes: ~350 bytes less per
 * idle socket. Sets change only inside the owning map's {@code compute}, atomically per key.
 */
public final class InMemoryAdapter implements Adapter {

    private final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> roomsBySocket = new ConcurrentHashMap<>();
    private final Map<String, Recipient> sockets = new ConcurrentHashMap<>();

    @Override
    public void addAll(Recipient socket, Set<String> names) {
        String id = socket.id();
        sockets.putIfAbsent(id, socket);
        for (String room : names) {
            roomsBySocket.compute(id, (k, own) -> with(own, room));
            rooms.compute(room, (k, members) -> with(members, id));
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
        rooms.computeIfPresent(room, (k, members) -> without(members, socketId));
    }

    @Override
    public int broadcast(List<EnginePacket> frames, BroadcastOptions options, Consumer<Recipient> beforeSend) {
        Set<String> excluded = excluded(options.except());
        int count = 0;
        for (String id : targets(options.rooms())) {
            if (excluded.contains(id)) continue;
            Recipient socket = sockets.get(id);
            if (socket == null) continue;
            if (beforeSend != null) beforeSend.accept(socket);
            socket.deliver(frames, options.isVolatile());
            count++;
        }
        return count;
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
