package dev.sio.socketio.server;

import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.OutgoingPacket;
import dev.sio.socketio.protocol.Packet;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Selects the sockets a broadcast or a socket operation reaches. Immutable: {@code to},
 * {@code except}, {@code timeout}, {@code volatileOperator} and {@code local} each return a new
 * operator, so one can be kept and reused. Every operation goes through the namespace's adapter,
 * which encodes a broadcast once and writes the same frames to every local recipient (and a cluster
 * adapter reaches the other nodes' sockets).
 */
public final class BroadcastOperator {

    private final Namespace namespace;
    private final Set<String> rooms;
    private final Set<String> except;
    private final boolean isVolatile;
    private final boolean local;
    private final Duration timeout;

    private BroadcastOperator(Namespace namespace, Set<String> rooms, Set<String> except, boolean isVolatile,
                              boolean local, Duration timeout) {
        this.namespace = namespace;
        this.rooms = rooms;
        this.except = except;
        this.isVolatile = isVolatile;
        this.local = local;
        this.timeout = timeout;
    }

    static BroadcastOperator of(Namespace namespace) {
        return new BroadcastOperator(namespace, Set.of(), Set.of(), false, false, null);
    }

    public BroadcastOperator to(String... more) {
        return new BroadcastOperator(namespace, union(rooms, more), except, isVolatile, local, timeout);
    }

    public BroadcastOperator in(String... more) {
        return to(more);
    }

    public BroadcastOperator except(String... more) {
        return new BroadcastOperator(namespace, rooms, union(except, more), isVolatile, local, timeout);
    }

    /** Packets that cannot be written at once are dropped rather than queued. */
    public BroadcastOperator volatileOperator() {
        return new BroadcastOperator(namespace, rooms, except, true, local, timeout);
    }

    /** This node's sockets only: a cluster adapter does not pass the operation on to other nodes. */
    public BroadcastOperator local() {
        return new BroadcastOperator(namespace, rooms, except, isVolatile, true, timeout);
    }

    /** How long {@link #emitWithAck} waits for every recipient. */
    public BroadcastOperator timeout(Duration value) {
        return new BroadcastOperator(namespace, rooms, except, isVolatile, local, value);
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
        if (!isVolatile && namespace.recovery() != null) {
            // kept for sockets that are away (connection state recovery), offset appended, still encoded once
            namespace.emitStored(data.array(), data.attachments(), options());
            return;
        }
        namespace.adapter().broadcast(
                OutgoingPacket.of(Packet.event(namespace.name(), data.array(), null, data.attachments())), options());
    }

    /**
     * Emits and collects one acknowledgement per recipient, on every node. Completes with the answers
     * (the first argument list of each) once all arrived; fails with {@link AckTimeoutException} when
     * the timeout passes first (a timeout is required: a broadcast cannot wait forever), with
     * {@link ServerClosedException} when the server shuts down first.
     */
    public CompletableFuture<List<Payload>> emitWithAck(String event, Object... args) {
        if (timeout == null) throw new IllegalStateException("emitWithAck on a broadcast needs timeout(...) first");
        PayloadMapper.Mapped data = namespace.server().mapper().toArray(event, args);
        AckCollector collector = new AckCollector(namespace.server().mapper());
        ScheduledFuture<?> deadline = namespace.server().scheduler().schedule(
                () -> {
                    if (!collector.result().isDone()) namespace.server().events().ackTimedOut(namespace.name());
                    collector.fail(new AckTimeoutException("operation has timed out"));
                },
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        collector.result().whenComplete((r, e) -> deadline.cancel(false));
        // the adapter numbers the packet (one id for all its recipients)
        namespace.adapter().broadcastWithAck(
                OutgoingPacket.of(Packet.event(namespace.name(), data.array(), null, data.attachments())),
                options(), collector);
        namespace.adapter().serverCount().whenComplete((count, failure) -> {
            if (failure != null) collector.fail(unwrapped(failure));
            else collector.servers(count);
        });
        return collector.result();
    }

    /** The ids of the selected sockets on this node. */
    public Set<String> socketIds() {
        Set<String> ids = new HashSet<>(namespace.adapter().sockets(rooms));
        if (!except.isEmpty()) ids.removeAll(namespace.adapter().sockets(except));
        return ids;
    }

    /** The selected sockets, on every node unless {@link #local()}: id, handshake, rooms, data. */
    public CompletableFuture<List<FetchedSocket>> fetchSockets() {
        return namespace.adapter().fetchSockets(options())
                .thenApply(snapshots -> snapshots.stream().map(s -> new FetchedSocket(namespace, s)).toList())
                .toCompletableFuture();
    }

    /** Makes the selected sockets join the rooms. */
    public void socketsJoin(String... more) {
        namespace.adapter().addSockets(options(), Set.copyOf(Arrays.asList(more)));
    }

    /** Makes the selected sockets leave the rooms. */
    public void socketsLeave(String... more) {
        namespace.adapter().delSockets(options(), Set.copyOf(Arrays.asList(more)));
    }

    /** Disconnects the selected sockets (and their whole connection when {@code close}). */
    public void disconnectSockets(boolean close) {
        namespace.adapter().disconnectSockets(options(), close);
    }

    private BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, local, isVolatile, timeout);
    }

    static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : failure;
    }

    private static Set<String> union(Set<String> base, String[] more) {
        Set<String> out = new HashSet<>(base);
        for (String room : more) out.add(room);
        return Set.copyOf(out);
    }
}
