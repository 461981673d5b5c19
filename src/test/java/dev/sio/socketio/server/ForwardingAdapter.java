package dev.sio.socketio.server;

import dev.sio.socketio.broadcast.AckedBroadcast;
import dev.sio.socketio.broadcast.Adapter;
import dev.sio.socketio.broadcast.AdapterHost;
import dev.sio.socketio.broadcast.Arguments;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.InMemoryAdapter;
import dev.sio.socketio.broadcast.OutgoingPacket;
import dev.sio.socketio.broadcast.Recipient;
import dev.sio.socketio.broadcast.SocketSnapshot;
import dev.sio.socketio.recovery.RecoveryStore;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** An adapter that passes every call to an in-memory one: tests override what they watch. */
class ForwardingAdapter implements Adapter {

    protected final InMemoryAdapter local;

    ForwardingAdapter(RecoveryStore recovery) {
        this.local = new InMemoryAdapter(recovery);
    }

    @Override public void init(AdapterHost host) { local.init(host); }
    @Override public void addAll(Recipient socket, Set<String> rooms) { local.addAll(socket, rooms); }
    @Override public void del(String socketId, String room) { local.del(socketId, room); }
    @Override public void delAll(String socketId) { local.delAll(socketId); }
    @Override public Set<String> socketRooms(String socketId) { return local.socketRooms(socketId); }
    @Override public Set<String> sockets(Set<String> rooms) { return local.sockets(rooms); }
    @Override public Set<String> rooms() { return local.rooms(); }
    @Override public Recipient socket(String socketId) { return local.socket(socketId); }
    @Override public int broadcast(OutgoingPacket packet, BroadcastOptions options) { return local.broadcast(packet, options); }
    @Override public void broadcastWithAck(OutgoingPacket packet, BroadcastOptions options, AckedBroadcast acks) {
        local.broadcastWithAck(packet, options, acks);
    }
    @Override public void addSockets(BroadcastOptions options, Set<String> rooms) { local.addSockets(options, rooms); }
    @Override public void delSockets(BroadcastOptions options, Set<String> rooms) { local.delSockets(options, rooms); }
    @Override public void disconnectSockets(BroadcastOptions options, boolean close) { local.disconnectSockets(options, close); }
    @Override public CompletionStage<List<SocketSnapshot>> fetchSockets(BroadcastOptions options) { return local.fetchSockets(options); }
    @Override public void serverSideEmit(Arguments event) { local.serverSideEmit(event); }
    @Override public CompletionStage<List<Arguments>> serverSideEmitWithAck(Arguments event, Duration timeout) {
        return local.serverSideEmitWithAck(event, timeout);
    }
    @Override public CompletionStage<Set<String>> allRooms() { return local.allRooms(); }
    @Override public CompletionStage<Integer> serverCount() { return local.serverCount(); }
    @Override public RecoveryStore recovery() { return local.recovery(); }
    @Override public void close() { local.close(); }
}
