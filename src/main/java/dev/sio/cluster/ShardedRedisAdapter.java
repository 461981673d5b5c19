package dev.sio.cluster;

import dev.sio.cluster.recovery.StoredPublication;
import dev.sio.socketio.protocol.msgpack.WireFormatException;

import dev.sio.cluster.wire.ClusterCodec;
import dev.sio.cluster.wire.ClusterData;
import dev.sio.cluster.wire.ClusterMessage;
import dev.sio.cluster.wire.MessageType;
import dev.sio.cluster.wire.RemoteSocket;
import dev.sio.cluster.wire.WirePacket;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.Recipient;
import dev.sio.socketio.recovery.RecoveryStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sharded mode of Node's {@code @socket.io/redis-adapter} 8.3 ({@code createShardedAdapter},
 * Redis 7, subscription mode "dynamic"): every message is {@code {type, data, uid, nsp}} with
 * socket.io-adapter's types, sent with SPUBLISH on {@code P#nsp#}, except a single-room broadcast
 * without ack, which goes to {@code P#nsp#room#}; answers go to {@code P#nsp#<requester uid>#}.
 * This node SSUBSCRIBEs the main channel, its own answer channel and the channel of every public
 * room that has members here (a room named like a socket id, 20 characters, is private: Node never
 * uses its channel). Servers are counted with SHARDNUMSUB on the main channel. Node's sharded
 * adapter offers no allRooms across nodes: ours answers with the local rooms, as Node's does.
 */
public final class ShardedRedisAdapter extends ClusterAdapter {

    /** Socket.IO ids are 20 characters; Node's dynamic mode takes such rooms for private ones. */
    static final int PRIVATE_ROOM_LENGTH = 20;

    private final ClusterCodec codec = new ClusterCodec(LIMITS);
    // the room channels subscribed, each with its SSUBSCRIBE (a restore waits for those of its rooms)
    private final Map<String, CompletionStage<Void>> roomChannels = new ConcurrentHashMap<>();

    public ShardedRedisAdapter(ClusterNode node, RecoveryStore recovery) {
        super(node, recovery);
    }

    @Override
    protected void subscribe() {
        node.subscribe(channels.broadcast(), this::onMessage);
        node.subscribe(channels.room(uid), this::onMessage);
    }

    @Override
    protected void unsubscribe() {
        node.unsubscribe(channels.broadcast());
        node.unsubscribe(channels.room(uid));
        for (String room : List.copyOf(roomChannels.keySet())) {
            roomChannels.remove(room);
            node.unsubscribe(channels.room(room));
        }
    }

    // ---- the dynamic room channels follow the local rooms

    @Override
    public void addAll(Recipient socket, Set<String> rooms) {
        super.addAll(socket, rooms);
        for (String room : rooms) followRoom(room);
    }

    @Override
    public void del(String socketId, String room) {
        super.del(socketId, room);
        followRoom(room);
    }

    @Override
    public void delAll(String socketId) {
        Set<String> rooms = local.socketRooms(socketId);
        super.delAll(socketId);
        for (String room : rooms) followRoom(room);
    }

    private static boolean isPublic(String room) {
        return room.length() != PRIVATE_ROOM_LENGTH;
    }

    /**
     * Subscribes a public room's channel while it has local members, unsubscribes it once it has
     * none. Serialized, and always decided on the room's state at that moment: of a concurrent join
     * and leave, the last call sees the final membership and puts the subscription right.
     */
    private void followRoom(String room) {
        if (!isPublic(room) || channels == null || isClosed()) return;
        synchronized (roomChannels) {
            boolean members = !local.sockets(Set.of(room)).isEmpty();
            if (members && !roomChannels.containsKey(room)) {
                roomChannels.put(room, node.subscribe(channels.room(room), this::onMessage));
            } else if (!members && roomChannels.remove(room) != null) {
                node.unsubscribe(channels.room(room));
            }
        }
    }

    /** The SSUBSCRIBEs of the public rooms among {@code rooms}, confirmed (or failed). */
    @Override
    protected CompletionStage<Void> joined(Set<String> rooms) {
        List<CompletableFuture<Void>> subscriptions = new ArrayList<>();
        for (String room : rooms) {
            CompletionStage<Void> s = roomChannels.get(room);
            if (s != null) subscriptions.add(s.toCompletableFuture());
        }
        return CompletableFuture.allOf(subscriptions.toArray(CompletableFuture[]::new));
    }

    // ---- publishing

    private CompletionStage<Long> publish(String channel, MessageType type, ClusterData data) {
        return node.publish(channel, codec.encode(new ClusterMessage(type, data, uid, host.namespace())));
    }

    /** Node ships the packet of a sharded message without its namespace (the message has it). */
    private static WirePacket withoutNsp(WirePacket p) {
        return new WirePacket(p.type(), p.data(), null, p.id());
    }

    @Override
    protected CompletionStage<Long> publishBroadcast(WirePacket packet, BroadcastOptions options) {
        String channel = channels.broadcast();
        if (options.rooms().size() == 1) {
            String room = options.rooms().iterator().next();
            if (isPublic(room)) channel = channels.room(room);
        }
        return publish(channel, MessageType.BROADCAST,
                new ClusterData.Broadcast(withoutNsp(packet), null, WireConversions.toWire(options)));
    }

    /**
     * On the room's channel when our subscription to it is confirmed, else on the main channel (every
     * node holds it; the options still select the room's sockets): a socket that just joined a room
     * here is served even before its channel's SSUBSCRIBE is confirmed.
     */
    @Override
    protected StoredPublication storedPublication(WirePacket marked, String mark, BroadcastOptions options) {
        if (!node.confirmed(channels.broadcast())) return null;
        String channel = channels.broadcast();
        if (options.rooms().size() == 1) {
            String room = options.rooms().iterator().next();
            if (isPublic(room) && node.confirmed(channels.room(room))) channel = channels.room(room);
        }
        byte[] message = codec.encode(new ClusterMessage(MessageType.BROADCAST,
                new ClusterData.Broadcast(withoutNsp(marked), null, WireConversions.toWire(options)), storedUid, host.namespace()));
        return StoredPublication.split("SPUBLISH", channel, message, mark);
    }

    /** Never on a room channel: every server must answer its client count, not only those holding the room. */
    @Override
    protected CompletionStage<Long> publishBroadcastWithAck(String requestId, WirePacket packet, BroadcastOptions options) {
        return publish(channels.broadcast(), MessageType.BROADCAST,
                new ClusterData.Broadcast(withoutNsp(packet), requestId, WireConversions.toWire(options)));
    }

    @Override
    protected CompletionStage<Long> publishJoin(BroadcastOptions options, Set<String> rooms) {
        return publish(channels.broadcast(), MessageType.SOCKETS_JOIN,
                new ClusterData.RoomChange(WireConversions.toWire(options), List.copyOf(rooms)));
    }

    @Override
    protected CompletionStage<Long> publishLeave(BroadcastOptions options, Set<String> rooms) {
        return publish(channels.broadcast(), MessageType.SOCKETS_LEAVE,
                new ClusterData.RoomChange(WireConversions.toWire(options), List.copyOf(rooms)));
    }

    @Override
    protected CompletionStage<Long> publishDisconnect(BroadcastOptions options, boolean close) {
        return publish(channels.broadcast(), MessageType.DISCONNECT_SOCKETS,
                new ClusterData.DisconnectSockets(WireConversions.toWire(options), close));
    }

    @Override
    protected CompletionStage<Long> publishFetch(String requestId, BroadcastOptions options) {
        return publish(channels.broadcast(), MessageType.FETCH_SOCKETS,
                new ClusterData.FetchSockets(WireConversions.toWire(options), requestId));
    }

    @Override
    protected CompletionStage<Long> publishServerSideEmit(String requestId, List<Object> data) {
        return publish(channels.broadcast(), MessageType.SERVER_SIDE_EMIT, new ClusterData.ServerSideEmit(requestId, data));
    }

    @Override
    protected CompletionStage<Long> answerClientCount(String requester, String requestId, int count) {
        return publish(channels.room(requester), MessageType.BROADCAST_CLIENT_COUNT, new ClusterData.ClientCount(requestId, count));
    }

    @Override
    protected CompletionStage<Long> answerBroadcastAck(String requester, String requestId, Object value) {
        return publish(channels.room(requester), MessageType.BROADCAST_ACK, new ClusterData.BroadcastAck(requestId, value));
    }

    @Override
    protected CompletionStage<Long> answerFetch(String requester, String requestId, List<RemoteSocket> sockets) {
        return publish(channels.room(requester), MessageType.FETCH_SOCKETS_RESPONSE,
                new ClusterData.FetchSocketsResponse(requestId, sockets));
    }

    @Override
    protected CompletionStage<Long> answerServerSideEmit(String requester, String requestId, Object value) {
        return publish(channels.room(requester), MessageType.SERVER_SIDE_EMIT_RESPONSE,
                new ClusterData.ServerSideEmitResponse(requestId, value));
    }

    // ---- receiving (cluster thread)

    private void onMessage(String channel, byte[] bytes) {
        try {
            ClusterMessage m = codec.decode(bytes);
            if (uid.equals(m.uid()) || !host.namespace().equals(m.nsp())) return;
            ClusterData d = m.data();
            switch (m.type()) {
                case BROADCAST -> {
                    ClusterData.Broadcast b = (ClusterData.Broadcast) d;
                    if (b.requestId() == null) onBroadcast(b.packet(), WireConversions.fromWire(b.opts()));
                    else onBroadcastWithAck(m.uid(), b.requestId(), b.packet(), WireConversions.fromWire(b.opts()));
                }
                case SOCKETS_JOIN -> onJoin(WireConversions.fromWire(((ClusterData.RoomChange) d).opts()), ((ClusterData.RoomChange) d).rooms());
                case SOCKETS_LEAVE -> onLeave(WireConversions.fromWire(((ClusterData.RoomChange) d).opts()), ((ClusterData.RoomChange) d).rooms());
                case DISCONNECT_SOCKETS -> {
                    ClusterData.DisconnectSockets x = (ClusterData.DisconnectSockets) d;
                    onDisconnect(WireConversions.fromWire(x.opts()), x.close());
                }
                case FETCH_SOCKETS -> {
                    ClusterData.FetchSockets f = (ClusterData.FetchSockets) d;
                    onFetch(m.uid(), f.requestId(), WireConversions.fromWire(f.opts()));
                }
                case SERVER_SIDE_EMIT -> {
                    ClusterData.ServerSideEmit e = (ClusterData.ServerSideEmit) d;
                    onServerSideEmit(m.uid(), e.requestId(), e.packet());
                }
                case FETCH_SOCKETS_RESPONSE -> {
                    ClusterData.FetchSocketsResponse r = (ClusterData.FetchSocketsResponse) d;
                    onAnswer(r.requestId(), new FetchAnswer(r.sockets()));
                }
                case SERVER_SIDE_EMIT_RESPONSE -> {
                    ClusterData.ServerSideEmitResponse r = (ClusterData.ServerSideEmitResponse) d;
                    onAnswer(r.requestId(), r.packet());
                }
                case BROADCAST_CLIENT_COUNT -> {
                    ClusterData.ClientCount c = (ClusterData.ClientCount) d;
                    onAnswer(c.requestId(), new ClientCountAnswer(c.clientCount()));
                }
                case BROADCAST_ACK -> {
                    ClusterData.BroadcastAck a = (ClusterData.BroadcastAck) d;
                    onAnswer(a.requestId(), new AckAnswer(a.packet()));
                }
                default -> {
                    // heartbeats and ADAPTER_CLOSE: the sharded adapter counts servers with SHARDNUMSUB, not heartbeats
                }
            }
        } catch (WireFormatException | RuntimeException e) {
            malformed(channel, e);
        }
    }
}
