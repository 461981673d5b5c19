package dev.sio.cluster;

import dev.sio.socketio.protocol.msgpack.WireFormatException;

import dev.sio.cluster.recovery.StoredPublication;
import dev.sio.cluster.wire.ClassicBroadcast;
import dev.sio.cluster.wire.ClassicCodec;
import dev.sio.cluster.wire.ClassicRequest;
import dev.sio.cluster.wire.ClassicResponse;
import dev.sio.cluster.wire.RemoteSocket;
import dev.sio.cluster.wire.RequestType;
import dev.sio.cluster.wire.WirePacket;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.recovery.RecoveryStore;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The classic mode of Node's {@code @socket.io/redis-adapter} 8.3 ({@code createAdapter}):
 * broadcasts as MessagePack {@code [uid, packet, opts]} on {@code P#nsp#} or, for exactly one
 * room, {@code P#nsp#room#} (received through PSUBSCRIBE {@code P#nsp#*}); requests as JSON
 * (MessagePack for a broadcast with ack) on {@code P-request#nsp#}; answers on the shared
 * {@code P-response#nsp#}. Servers are counted with NUMSUB on the request channel, which this
 * adapter holds exactly once per namespace from its start. Also receives what
 * {@code @socket.io/redis-emitter} publishes.
 */
public final class RedisAdapter extends ClusterAdapter {

    private final ClassicCodec codec = new ClassicCodec(LIMITS);

    public RedisAdapter(ClusterNode node, RecoveryStore recovery) {
        super(node, recovery);
    }

    @Override
    protected void subscribe() {
        node.psubscribe(channels.broadcastPattern(), this::onBroadcastMessage);
        node.subscribe(channels.request(), this::onRequestMessage);
        node.subscribe(channels.response(), this::onResponseMessage);
        // Node peers with publishOnSpecificResponseChannel answer here
        node.subscribe(channels.specificResponse(uid), this::onResponseMessage);
    }

    @Override
    protected void unsubscribe() {
        node.punsubscribe(channels.broadcastPattern());
        node.unsubscribe(channels.request());
        node.unsubscribe(channels.response());
        node.unsubscribe(channels.specificResponse(uid));
    }

    // ---- publishing

    @Override
    protected CompletionStage<Long> publishBroadcast(WirePacket packet, BroadcastOptions options) {
        String channel = options.rooms().size() == 1 ? channels.room(options.rooms().iterator().next()) : channels.broadcast();
        return node.publish(channel, codec.encodeBroadcast(new ClassicBroadcast(uid, packet, WireConversions.toWire(options))));
    }

    /** On the channel {@link #publishBroadcast} takes, which our pattern covers. */
    @Override
    protected StoredPublication storedPublication(WirePacket marked, String mark, BroadcastOptions options) {
        if (!node.confirmed(channels.broadcastPattern())) return null;
        String channel = options.rooms().size() == 1 ? channels.room(options.rooms().iterator().next()) : channels.broadcast();
        byte[] message = codec.encodeBroadcast(new ClassicBroadcast(storedUid, marked, WireConversions.toWire(options)));
        return StoredPublication.split("PUBLISH", channel, message, mark);
    }

    @Override
    protected CompletionStage<Long> publishBroadcastWithAck(String requestId, WirePacket packet, BroadcastOptions options) {
        return request(new ClassicRequest.BroadcastWithAck(uid, requestId, packet, WireConversions.toWire(options)));
    }

    @Override
    protected CompletionStage<Long> publishJoin(BroadcastOptions options, Set<String> rooms) {
        return request(new ClassicRequest.RemoteJoin(uid, WireConversions.toWireWithoutFlags(options), List.copyOf(rooms)));
    }

    @Override
    protected CompletionStage<Long> publishLeave(BroadcastOptions options, Set<String> rooms) {
        return request(new ClassicRequest.RemoteLeave(uid, WireConversions.toWireWithoutFlags(options), List.copyOf(rooms)));
    }

    @Override
    protected CompletionStage<Long> publishDisconnect(BroadcastOptions options, boolean close) {
        return request(new ClassicRequest.RemoteDisconnect(uid, WireConversions.toWireWithoutFlags(options), close));
    }

    @Override
    protected CompletionStage<Long> publishFetch(String requestId, BroadcastOptions options) {
        return request(new ClassicRequest.RemoteFetch(uid, requestId, WireConversions.toWireWithoutFlags(options)));
    }

    @Override
    protected CompletionStage<Long> publishServerSideEmit(String requestId, List<Object> data) {
        return request(new ClassicRequest.ServerSideEmit(uid, requestId, data));
    }

    private CompletionStage<Long> request(ClassicRequest request) {
        return node.publish(channels.request(), codec.encodeRequest(request));
    }

    /** Classic answers all go to the shared response channel, which every node reads (Node's default). */
    private CompletionStage<Long> answer(ClassicResponse response) {
        return node.publish(channels.response(), codec.encodeResponse(response));
    }

    @Override
    protected CompletionStage<Long> answerClientCount(String requester, String requestId, int count) {
        return answer(new ClassicResponse.ClientCount(requestId, count));
    }

    @Override
    protected CompletionStage<Long> answerBroadcastAck(String requester, String requestId, Object value) {
        return answer(new ClassicResponse.BroadcastAck(requestId, value));
    }

    @Override
    protected CompletionStage<Long> answerFetch(String requester, String requestId, List<RemoteSocket> sockets) {
        return answer(new ClassicResponse.FetchSockets(requestId, sockets));
    }

    @Override
    protected CompletionStage<Long> answerServerSideEmit(String requester, String requestId, Object value) {
        return answer(new ClassicResponse.ServerSideEmit(requestId, value));
    }

    /** All rooms: each other node answers with its own, as Node's classic adapter does. */
    @Override
    public CompletionStage<Set<String>> allRooms() {
        Set<String> mine = local.rooms();
        return request(RequestType.ALL_ROOMS, requestsTimeout, requestId -> request(new ClassicRequest.AllRooms(uid, requestId)))
                .thenApply(answers -> {
                    Set<String> all = new LinkedHashSet<>(mine);
                    for (Object a : answers) if (a instanceof RoomsAnswer r) all.addAll(r.rooms());
                    return Set.copyOf(all);
                });
    }

    private record RoomsAnswer(List<String> rooms) {
    }

    // ---- receiving (cluster thread)

    private void onBroadcastMessage(String channel, byte[] message) {
        String room = channels.roomOf(channel);
        // a room broadcast for a room nobody here is in: nothing to decode (Node skips it too)
        if (room == null || (!room.isEmpty() && local.sockets(Set.of(room)).isEmpty())) return;
        try {
            ClassicBroadcast b = codec.decodeBroadcast(message);
            if (uid.equals(b.uid())) return; // our own stored broadcasts (storedUid) come back to serve our sockets
            String nsp = b.packet().nsp() == null ? "/" : b.packet().nsp();
            if (!nsp.equals(host.namespace())) return;
            onBroadcast(b.packet(), WireConversions.fromWire(b.opts()));
        } catch (WireFormatException | RuntimeException e) {
            malformed(channel, e);
        }
    }

    private void onRequestMessage(String channel, byte[] message) {
        try {
            ClassicRequest r = codec.decodeRequest(message);
            if (uid.equals(r.uid())) return;
            if (r instanceof ClassicRequest.Sockets s) {
                answer(new ClassicResponse.Sockets(s.requestId(), List.copyOf(local.sockets(new LinkedHashSet<>(s.rooms())))));
            } else if (r instanceof ClassicRequest.AllRooms a) {
                answer(new ClassicResponse.AllRooms(a.requestId(), List.copyOf(local.rooms())));
            } else if (r instanceof ClassicRequest.RemoteJoin j) {
                onJoin(WireConversions.fromWire(j.opts()), j.rooms());
            } else if (r instanceof ClassicRequest.RemoteLeave l) {
                onLeave(WireConversions.fromWire(l.opts()), l.rooms());
            } else if (r instanceof ClassicRequest.RemoteDisconnect d) {
                onDisconnect(WireConversions.fromWire(d.opts()), d.close());
            } else if (r instanceof ClassicRequest.RemoteFetch f) {
                onFetch(f.uid(), f.requestId(), WireConversions.fromWire(f.opts()));
            } else if (r instanceof ClassicRequest.ServerSideEmit e) {
                onServerSideEmit(e.uid(), e.requestId(), e.data());
            } else if (r instanceof ClassicRequest.BroadcastWithAck b) {
                onBroadcastWithAck(b.uid(), b.requestId(), b.packet(), WireConversions.fromWire(b.opts()));
            }
        } catch (WireFormatException | RuntimeException e) {
            malformed(channel, e);
        }
    }

    private void onResponseMessage(String channel, byte[] message) {
        try {
            ClassicResponse r = codec.decodeResponse(message, pending::typeOf);
            if (r == null) return; // another node's request, or one of ours that timed out
            Object answer;
            if (r instanceof ClassicResponse.ClientCount c) answer = new ClientCountAnswer(c.clientCount());
            else if (r instanceof ClassicResponse.BroadcastAck a) answer = new AckAnswer(a.packet());
            else if (r instanceof ClassicResponse.FetchSockets f) answer = new FetchAnswer(f.sockets());
            else if (r instanceof ClassicResponse.ServerSideEmit e) answer = e.data();
            else if (r instanceof ClassicResponse.AllRooms a) answer = new RoomsAnswer(a.rooms());
            else answer = ((ClassicResponse.Sockets) r).sockets();
            onAnswer(r.requestId(), answer);
        } catch (WireFormatException | RuntimeException e) {
            malformed(channel, e);
        }
    }
}
