package dev.sio.cluster;

import dev.sio.socketio.protocol.msgpack.WireFormatException;
import dev.sio.socketio.protocol.msgpack.WireLimits;

import dev.sio.cluster.recovery.RedisRecoveryStore;
import dev.sio.cluster.recovery.StoredPublication;
import dev.sio.cluster.wire.PacketBridge;
import dev.sio.cluster.wire.RedisChannels;
import dev.sio.cluster.wire.RemoteSocket;
import dev.sio.cluster.wire.RequestType;
import dev.sio.cluster.wire.WireIds;
import dev.sio.cluster.wire.WirePacket;
import dev.sio.log.LogSafe;
import dev.sio.socketio.broadcast.AckedBroadcast;
import dev.sio.socketio.broadcast.Adapter;
import dev.sio.socketio.broadcast.AdapterHost;
import dev.sio.socketio.broadcast.Arguments;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.InMemoryAdapter;
import dev.sio.socketio.broadcast.OutgoingPacket;
import dev.sio.socketio.broadcast.Recipient;
import dev.sio.socketio.broadcast.RestoreHold;
import dev.sio.socketio.broadcast.SocketSnapshot;
import dev.sio.socketio.broadcast.StoredBroadcast;
import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.recovery.RecoveryStore;
import jakarta.json.JsonArray;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What both Redis adapters share (Node's cluster adapter logic): the local half is an {@link
 * InMemoryAdapter}; each operation that spans sockets also goes to the other nodes unless its
 * options say {@code local}, and what other nodes ask runs on the local half only (never published
 * again). The subclasses say how a message looks on the wire and which channel it takes.
 *
 * <p>Threads: operations are called on socket and application threads and never wait on Redis
 * (publishing and counting servers return stages; a broadcast reaches local clients at once, its
 * remote half is counted as failed when Redis cannot take it), except a stored broadcast, which waits
 * for the store's append (at most the command timeout) and, with the Redis store, reaches local
 * clients from the subscription ({@link #broadcastStored}). Messages from other nodes arrive
 * on the {@link ClusterNode}'s cluster thread, which does the local fan-out; server-side events
 * (application code) are handed to the server's scheduler.
 */
public abstract class ClusterAdapter implements Adapter {

    private static final Logger LOG = System.getLogger(ClusterAdapter.class.getName());

    protected final ClusterNode node;
    protected final InMemoryAdapter local;
    /** This adapter's id on the wire: messages carrying it are our own, echoed back by Redis. */
    protected final String uid;
    protected final Duration requestsTimeout;
    protected volatile AdapterHost host = AdapterHost.detached("/");
    protected volatile RedisChannels channels;
    protected volatile PendingRequests pending;
    private volatile boolean closed;
    /** Restores through a shared store (null without): what other nodes store must not race them. */
    private final RestoreHolds holds;
    /**
     * The uid of this adapter's stored broadcasts published by the store's append: unlike {@link #uid},
     * not dropped when Redis echoes it back, as this node's own sockets are served from there.
     */
    protected final String storedUid;
    /** The shared store that publishes with its append (null: stored broadcasts go out as any other). */
    private final RedisRecoveryStore appender;

    protected ClusterAdapter(ClusterNode node, RecoveryStore recovery) {
        this.node = node;
        this.local = new InMemoryAdapter(recovery);
        this.uid = node.mode().newId();
        this.requestsTimeout = node.settings().requestsTimeout();
        this.holds = recovery != null && recovery.shared() ? new RestoreHolds(local) : null;
        this.storedUid = node.mode().newId();
        this.appender = recovery instanceof RedisRecoveryStore r ? r : null;
    }

    /** The wire limits every decoder of a cluster adapter uses. */
    protected static final WireLimits LIMITS = WireLimits.DEFAULT;

    @Override
    public void init(AdapterHost host) {
        this.host = host;
        local.init(host);
        this.channels = new RedisChannels(node.settings().keyPrefix(), host.namespace());
        this.pending = new PendingRequests(host.scheduler(), PendingRequests.DEFAULT_LIMIT, node.requestStats());
        subscribe();
    }

    public String uid() {
        return uid;
    }

    /** Subscribes this namespace's channels (once, at init; the link re-issues them after reconnects). */
    protected abstract void subscribe();

    /** Unsubscribes this namespace's channels. */
    protected abstract void unsubscribe();

    // ---- the local room state: the in-memory adapter's

    @Override
    public void addAll(Recipient socket, Set<String> rooms) {
        local.addAll(socket, rooms);
    }

    @Override
    public void del(String socketId, String room) {
        local.del(socketId, room);
    }

    @Override
    public void delAll(String socketId) {
        local.delAll(socketId);
    }

    @Override
    public Set<String> socketRooms(String socketId) {
        return local.socketRooms(socketId);
    }

    @Override
    public Set<String> sockets(Set<String> rooms) {
        return local.sockets(rooms);
    }

    @Override
    public Set<String> rooms() {
        return local.rooms();
    }

    @Override
    public Recipient socket(String socketId) {
        return local.socket(socketId);
    }

    @Override
    public RecoveryStore recovery() {
        return local.recovery();
    }

    /**
     * With a shared store: the socket joins held (see {@link RestoreHolds}), and the hold waits for the
     * join to reach Redis ({@link #joined}) before the namespace reads the stream once more.
     */
    @Override
    public RestoreHold joinRestored(Recipient socket, Set<String> rooms) {
        if (holds == null) return Adapter.super.joinRestored(socket, rooms);
        holds.join(socket, rooms, r -> addAll(socket, r));
        return new RestoreHold() {
            @Override
            public void awaitJoined() {
                Duration bound = node.settings().commandTimeout();
                try {
                    joined(rooms).toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    // the restore goes on: what other nodes publish to its rooms until the subscription holds may be lost
                    LOG.log(Level.WARNING, "Room subscriptions of restored socket {0} not confirmed, broadcasts of other nodes may be lost: {1}",
                            socket.id(), e.toString());
                }
            }

            @Override
            public void release(String readTo, Runnable send) {
                holds.release(socket.id(), readTo, send);
            }
        };
    }

    /**
     * Completes once other nodes' broadcasts to the rooms reach this node: at once here (the classic
     * mode's pattern was subscribed at init); the sharded mode waits for the rooms' channels.
     */
    protected CompletionStage<Void> joined(Set<String> rooms) {
        return CompletableFuture.completedFuture(null);
    }

    // ---- operations: publish unless local, then the local half

    @Override
    public int broadcast(OutgoingPacket packet, BroadcastOptions options) {
        if (!options.local()) {
            sent(publishBroadcast(PacketBridge.toWire(published(packet)), options));
        }
        return local.broadcast(packet, options);
    }

    /**
     * With a store that publishes with its append (the Redis store): the broadcast is appended and
     * published in one script, with {@link #storedUid}, and this node's sockets get it when it comes back
     * on our subscription, like every other node's. Redis runs one script at a time and a subscriber
     * receives in publish order, so every node, this one included, writes the stored broadcasts in
     * stream order (docs/cluster.md, "two nodes broadcasting at once"). While that subscription is not
     * confirmed (Redis down, reconnecting, a sharded room channel just subscribed: {@link #storedPublication}
     * says null), or for a {@code local} broadcast, as before: appended, then written here at once and
     * published apart (its order against other nodes' broadcasts is then not kept).
     */
    @Override
    public void broadcastStored(StoredBroadcast broadcast, BroadcastOptions options) {
        StoredPublication publication = appender == null || options.local() || !(broadcast.packet().data() instanceof JsonArray args)
                ? null : storedPublication(marked(broadcast.packet(), args), OFFSET_MARK, options);
        if (publication == null) {
            Adapter.super.broadcastStored(broadcast, options);
            return;
        }
        try {
            appender.addAndPublish(broadcast.unnumbered(), publication);
        } catch (RuntimeException e) {
            throw new StoredBroadcast.NotKept(e);
        }
    }

    /**
     * Stands for the offset in a stored broadcast's message until the append script puts the stream id
     * in its place: 27 characters no stream id, uid or request id can equal; the split checks it is found
     * exactly once (else the broadcast goes out the usual way).
     */
    static final String OFFSET_MARK = "sio-offset-mark-" + WireIds.sharded().substring(0, 11);

    private static WirePacket marked(Packet p, JsonArray args) {
        JsonArray withMark = JsonFactories.PROVIDER.createArrayBuilder(args).add(OFFSET_MARK).build();
        return PacketBridge.toWire(new Packet(p.type(), p.namespace(), p.id(), withMark, p.attachments()));
    }

    /**
     * The stored broadcast's message under {@link #storedUid} on its channel, split around {@code mark}
     * (the offset's place, {@link StoredPublication#split}); null while this node's subscription to that
     * channel is not confirmed by Redis (its own sockets would not get it back).
     */
    protected abstract StoredPublication storedPublication(WirePacket marked, String mark, BroadcastOptions options);

    /**
     * The packet other nodes get. A stored broadcast (connection state recovery: the namespace hands
     * it over already encoded) ends with this node's offset, which means nothing elsewhere: it is
     * published without it, as Node's adapters publish before the offset is added. A shared store's
     * offset (a Redis stream id) means the same on every node: it is published with the packet.
     */
    private Packet published(OutgoingPacket packet) {
        Packet p = packet.packet();
        if (!packet.isEncoded() || local.recovery() == null || local.recovery().shared() || !(p.data() instanceof JsonArray args) || args.isEmpty()) {
            return p;
        }
        JsonArray withoutOffset = JsonFactories.PROVIDER.createArrayBuilder(args.subList(0, args.size() - 1)).build();
        return new Packet(p.type(), p.namespace(), p.id(), withoutOffset, p.attachments());
    }

    @Override
    public void broadcastWithAck(OutgoingPacket packet, BroadcastOptions options, AckedBroadcast acks) {
        if (!options.local()) {
            String requestId = node.mode().newId();
            Duration ttl = options.timeout() != null ? options.timeout() : requestsTimeout;
            Consumer<Object> answers = answer -> {
                if (answer instanceof ClientCountAnswer c) acks.clientCount((int) Math.min(Integer.MAX_VALUE, c.count()));
                else if (answer instanceof AckAnswer a) acks.ack(WireConversions.single(a.value()));
            };
            if (pending.listen(requestId, RequestType.BROADCAST, answers, ttl)) {
                sent(publishBroadcastWithAck(requestId, PacketBridge.toWire(packet.packet()), options));
            } else {
                node.countPublishFailure();
            }
        }
        local.broadcastWithAck(packet, options, acks);
    }

    @Override
    public void addSockets(BroadcastOptions options, Set<String> rooms) {
        if (!options.local()) sent(publishJoin(options, rooms));
        local.addSockets(options, rooms);
    }

    @Override
    public void delSockets(BroadcastOptions options, Set<String> rooms) {
        if (!options.local()) sent(publishLeave(options, rooms));
        local.delSockets(options, rooms);
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean close) {
        if (!options.local()) sent(publishDisconnect(options, close));
        local.disconnectSockets(options, close);
    }

    @Override
    public CompletionStage<List<SocketSnapshot>> fetchSockets(BroadcastOptions options) {
        CompletionStage<List<SocketSnapshot>> mine = local.fetchSockets(options);
        if (options.local()) return mine;
        Duration timeout = options.timeout() != null ? options.timeout() : requestsTimeout;
        return mine.thenCompose(localSockets -> request(RequestType.REMOTE_FETCH, timeout,
                requestId -> publishFetch(requestId, options))
                .thenApply(answers -> {
                    List<SocketSnapshot> all = new ArrayList<>(localSockets);
                    for (Object answer : answers) {
                        if (!(answer instanceof FetchAnswer f)) continue; // a foreign answer under our id
                        for (RemoteSocket r : f.sockets()) all.add(WireConversions.fromWire(r));
                    }
                    return List.copyOf(all);
                }));
    }

    @Override
    public void serverSideEmit(Arguments event) {
        sent(publishServerSideEmit(null, WireConversions.toWire(event)));
    }

    @Override
    public CompletionStage<List<Arguments>> serverSideEmitWithAck(Arguments event, Duration timeout) {
        List<Object> data = WireConversions.toWire(event);
        return request(RequestType.SERVER_SIDE_EMIT, timeout, requestId -> publishServerSideEmit(requestId, data))
                .thenApply(answers -> answers.stream().map(WireConversions::single).toList());
    }

    @Override
    public CompletionStage<Set<String>> allRooms() {
        return CompletableFuture.completedFuture(local.rooms());
    }

    /**
     * The servers holding the namespace's counting channel, this one included. While Redis cannot
     * be asked, 1: this node serves its own clients and waits for nobody (remote delivery is lost
     * meanwhile, and counted).
     */
    @Override
    public CompletionStage<Integer> serverCount() {
        return node.countSubscribers(node.mode().serverCountChannel(channels))
                .thenApply(n -> (int) Math.max(1, Math.min(Integer.MAX_VALUE, n)))
                .exceptionally(e -> 1);
    }

    /**
     * A request to the other nodes: count them (before publishing, as Node does), register, publish,
     * collect one answer per other node. Completes at once with none when this node is alone.
     */
    protected CompletionStage<List<Object>> request(RequestType type, Duration timeout,
                                                    Function<String, CompletionStage<Long>> publish) {
        return serverCount().thenCompose(servers -> {
            int expected = servers - 1;
            if (expected <= 0) return CompletableFuture.completedFuture(List.of());
            String requestId = node.mode().newId();
            CompletableFuture<List<Object>> answers = pending.collect(requestId, type, expected, timeout);
            if (!answers.isDone()) sent(publish.apply(requestId));
            return answers;
        });
    }

    /** Counts a publish that failed (Redis down, queue full); the local half went on regardless. */
    private void sent(CompletionStage<Long> publish) {
        publish.exceptionally(e -> {
            LOG.log(Level.DEBUG, "Cluster publish failed: {0}", e.toString());
            return null;
        });
    }

    // ---- what the modes publish

    protected abstract CompletionStage<Long> publishBroadcast(WirePacket packet, BroadcastOptions options);

    protected abstract CompletionStage<Long> publishBroadcastWithAck(String requestId, WirePacket packet, BroadcastOptions options);

    protected abstract CompletionStage<Long> publishJoin(BroadcastOptions options, Set<String> rooms);

    protected abstract CompletionStage<Long> publishLeave(BroadcastOptions options, Set<String> rooms);

    protected abstract CompletionStage<Long> publishDisconnect(BroadcastOptions options, boolean close);

    protected abstract CompletionStage<Long> publishFetch(String requestId, BroadcastOptions options);

    protected abstract CompletionStage<Long> publishServerSideEmit(String requestId, List<Object> data);

    // answers owed to a requester (its uid: the sharded mode answers on the requester's channel)

    protected abstract CompletionStage<Long> answerClientCount(String requester, String requestId, int count);

    protected abstract CompletionStage<Long> answerBroadcastAck(String requester, String requestId, Object value);

    protected abstract CompletionStage<Long> answerFetch(String requester, String requestId, List<RemoteSocket> sockets);

    protected abstract CompletionStage<Long> answerServerSideEmit(String requester, String requestId, Object value);

    // ---- what other nodes ask: the local half only (on the cluster thread)

    /** Answers of the kinds the pending requests pass on. */
    protected record ClientCountAnswer(long count) {
    }

    protected record AckAnswer(Object value) {
    }

    protected record FetchAnswer(List<RemoteSocket> sockets) {
    }

    protected void onBroadcast(WirePacket wire, BroadcastOptions options) throws WireFormatException {
        Packet packet = PacketBridge.toPacket(wire, host.namespace());
        if (holds == null) local.broadcast(OutgoingPacket.of(packet), options.asLocal());
        else holds.broadcast(OutgoingPacket.of(packet), options.asLocal());
    }

    protected void onBroadcastWithAck(String requester, String requestId, WirePacket wire, BroadcastOptions options)
            throws WireFormatException {
        Packet packet = PacketBridge.toPacket(wire, host.namespace());
        BroadcastOptions mine = options.timeout() != null ? options.asLocal()
                : new BroadcastOptions(options.rooms(), options.except(), true, options.isVolatile(), requestsTimeout);
        local.broadcastWithAck(OutgoingPacket.of(packet), mine, new AckedBroadcast() {
            @Override
            public void clientCount(int count) {
                sent(answerClientCount(requester, requestId, count));
            }

            @Override
            public void ack(Arguments answer) {
                sent(answerBroadcastAck(requester, requestId, WireConversions.firstArgument(answer)));
            }
        });
    }

    protected void onJoin(BroadcastOptions options, List<String> rooms) {
        local.addSockets(options.asLocal(), new LinkedHashSet<>(rooms));
    }

    protected void onLeave(BroadcastOptions options, List<String> rooms) {
        local.delSockets(options.asLocal(), new LinkedHashSet<>(rooms));
    }

    protected void onDisconnect(BroadcastOptions options, boolean close) {
        local.disconnectSockets(options.asLocal(), close);
    }

    protected void onFetch(String requester, String requestId, BroadcastOptions options) {
        local.fetchSockets(options.asLocal()).thenAccept(sockets ->
                sent(answerFetch(requester, requestId, sockets.stream().map(WireConversions::toWire).toList())));
    }

    /**
     * A server-side event: the namespace's handler is application code, so it runs on the server's
     * scheduler, not on the cluster thread. With a request id, exactly one answer goes back.
     */
    protected void onServerSideEmit(String requester, String requestId, List<Object> data) {
        Arguments args = WireConversions.arguments(data);
        Consumer<Arguments> answer = requestId == null ? null
                : reply -> sent(answerServerSideEmit(requester, requestId, WireConversions.firstArgument(reply)));
        var scheduler = host.scheduler();
        Runnable run = () -> host.serverSideEmitReceived(args, answer);
        if (scheduler == null) {
            run.run();
            return;
        }
        try {
            scheduler.execute(run);
        } catch (RejectedExecutionException stopping) {
            // the server is stopping: no handler runs any more
        }
    }

    /** An answer to one of our requests; dropped when no request waits under its id. */
    protected void onAnswer(String requestId, Object answer) {
        pending.answer(requestId, answer);
    }

    /** A message that could not be read: logged (bounded, escaped) and dropped; the subscription carries on. */
    protected void malformed(String channel, Exception e) {
        LOG.log(Level.WARNING, "Dropped a malformed cluster message on {0}: {1}", LogSafe.text(channel), LogSafe.text(e.getMessage()));
    }

    protected boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        PendingRequests p = pending;
        if (p != null) p.cancelAll("the cluster adapter of " + host.namespace() + " closed");
        if (channels != null) unsubscribe();
    }
}
