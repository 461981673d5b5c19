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
 */
public final class InMemoryAdapter implements Adapter {

    private final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> roomsBySocket = new ConcurrentHashMap<>();
    private final Map<String, Recipient> sockets = new ConcurrentHashMap<>();

    @Override
    public void addAll(Recipient socket, Set<String> names) {
        String id = socket.id();
        sockets.putIfAbsent(id, socket);
        Set<String> own = roomsBySocket.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
        for (String room : names) {
            own.add(room);
            rooms.compute(room, (k, members) -> {
                Set<String> set = members == null ? ConcurrentHashMap.newKeySet() : members;
                set.add(id);
                return set;
            });
        }
    }

    @Override
    public void del(String socketId, String room) {
        Set<String> own = roomsBySocket.get(socketId);
        if (own != null) own.remove(room);
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
        rooms.computeIfPresent(room, (k, members) -> {
            members.remove(socketId);
            return members.isEmpty() ? null : members;
        });
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
