package dev.sio.socketio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.protocol.Packet;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Selects the sockets a broadcast reaches. Immutable: {@code to}, {@code except}, {@code timeout}
 * and {@code volatileOperator} each return a new operator, so one can be kept and reused. A
 * broadcast encodes its packet once and the adapter writes the same frames to every recipient.
 */
public final class BroadcastOperator {

    private final Namespace namespace;
    private final Set<String> rooms;
    private final Set<String> except;
    private final boolean isVolatile;
    private final Duration timeout;

    private BroadcastOperator(Namespace namespace, Set<String> rooms, Set<String> except, boolean isVolatile, Duration timeout) {
        this.namespace = namespace;
        this.rooms = rooms;
        this.except = except;
        this.isVolatile = isVolatile;
        this.timeout = timeout;
    }

    static BroadcastOperator of(Namespace namespace) {
        return new BroadcastOperator(namespace, Set.of(), Set.of(), false, null);
    }

    public BroadcastOperator to(String... more) {
        return new BroadcastOperator(namespace, union(rooms, more), except, isVolatile, timeout);
    }

    public BroadcastOperator in(String... more) {
        return to(more);
    }

    public BroadcastOperator except(String... more) {
        return new BroadcastOperator(namespace, rooms, union(except, more), isVolatile, timeout);
    }

    /** Packets that cannot be written at once are dropped rather than queued. */
    public BroadcastOperator volatileOperator() {
        return new BroadcastOperator(namespace, rooms, except, true, timeout);
    }

    /** How long {@link #emitWithAck} waits for every recipient. */
    public BroadcastOperator timeout(Duration value) {
        return new BroadcastOperator(namespace, rooms, except, isVolatile, value);
    }

    public Set<String> rooms() {
        return rooms;
    }

    public Set<String> exceptRooms() {
        return except;
    }

    /** Emits to the selected sockets. */
    public void emit(String event, Object... args) {
        PayloadMapper.Mapped data = namespace.server().mapper().toArray(event, args);
        List<EnginePacket> frames = namespace.server().frames(
                Packet.event(namespace.name(), data.array(), null, data.attachments()));
        namespace.adapter().broadcast(frames, options(), null);
    }

    /**
     * Emits and collects one acknowledgement per recipient. Completes with the answers (the first
     * argument list of each) once all arrived; fails with {@link AckTimeoutException} when the
     * timeout passes first (a timeout is required: a broadcast cannot wait forever).
     */
    public CompletableFuture<List<Payload>> emitWithAck(String event, Object... args) {
        if (timeout == null) throw new IllegalStateException("emitWithAck on a broadcast needs timeout(...) first");
        long id = namespace.nextAckId();
        PayloadMapper.Mapped data = namespace.server().mapper().toArray(event, args);
        List<EnginePacket> frames = namespace.server().frames(
                Packet.event(namespace.name(), data.array(), id, data.attachments()));
        AckCollector collector = new AckCollector();
        ScheduledFuture<?> deadline = namespace.server().scheduler().schedule(
                () -> collector.fail(new AckTimeoutException("operation has timed out")),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        collector.result().whenComplete((r, e) -> deadline.cancel(false));
        int count = namespace.adapter().broadcast(frames, options(),
                recipient -> ((Socket) recipient).expectAck(id, collector::add, null));
        collector.expect(count);
        return collector.result();
    }

    /** The ids of the selected sockets. */
    public Set<String> socketIds() {
        Set<String> ids = new HashSet<>(namespace.adapter().sockets(rooms));
        if (!except.isEmpty()) ids.removeAll(namespace.adapter().sockets(except));
        return ids;
    }

    /** Makes the selected sockets join the rooms. */
    public void socketsJoin(String... more) {
        for (String id : socketIds()) {
            Socket socket = namespace.socket(id);
            if (socket != null) socket.join(more);
        }
    }

    /** Makes the selected sockets leave the room. */
    public void socketsLeave(String room) {
        for (String id : socketIds()) {
            Socket socket = namespace.socket(id);
            if (socket != null) socket.leave(room);
        }
    }

    /** Disconnects the selected sockets (and their whole connection when {@code close}). */
    public void disconnectSockets(boolean close) {
        for (String id : socketIds()) {
            Socket socket = namespace.socket(id);
            if (socket != null) socket.disconnect(close);
        }
    }

    private BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, isVolatile);
    }

    private static Set<String> union(Set<String> base, String[] more) {
        Set<String> out = new HashSet<>(base);
        for (String room : more) out.add(room);
        return Set.copyOf(out);
    }
}
