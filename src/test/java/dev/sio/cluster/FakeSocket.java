package dev.sio.cluster;

import dev.sio.socketio.protocol.Parser;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.socketio.broadcast.Adapter;
import dev.sio.socketio.broadcast.Arguments;
import dev.sio.socketio.broadcast.Recipient;
import dev.sio.socketio.broadcast.SocketSnapshot;
import jakarta.json.Json;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A local socket for adapter tests: records what it is sent, answers acks when told. */
final class FakeSocket implements Recipient {

    final String id;
    final Adapter adapter;
    final List<String> received = new CopyOnWriteArrayList<>();
    final Map<Long, Consumer<Arguments>> acks = new ConcurrentHashMap<>();
    volatile boolean disconnected;

    FakeSocket(String id, Adapter adapter) {
        this.id = id;
        this.adapter = adapter;
        adapter.addAll(this, Set.of(id));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void deliver(dev.sio.socketio.broadcast.OutgoingPacket packet, boolean isVolatile) {
            List<EnginePacket> frames = packet.frames(Parser.DEFAULT);
        received.add(frames.get(0).data());
    }

    @Override
    public void expectAck(long ackId, Consumer<Arguments> onAnswer, Consumer<Throwable> onLost) {
        acks.put(ackId, onAnswer);
    }

    @Override
    public void forgetAck(long ackId) {
        acks.remove(ackId);
    }

    /** Answers every broadcast waiting for this socket's ack. */
    void answerAll(String value) {
        for (var ack : acks.values()) ack.accept(new Arguments(Json.createArrayBuilder().add(value).build(), List.of()));
        acks.clear();
    }

    @Override
    public void join(Set<String> rooms) {
        adapter.addAll(this, rooms);
    }

    @Override
    public void leave(Set<String> rooms) {
        for (String room : rooms) adapter.del(id, room);
    }

    @Override
    public void disconnect(boolean close) {
        disconnected = true;
        adapter.delAll(id);
    }

    @Override
    public SocketSnapshot snapshot() {
        return new SocketSnapshot(id,
                Json.createObjectBuilder().add("auth", Json.createObjectBuilder().add("token", "secret").add("user", id)).build(),
                adapter.socketRooms(id), Json.createObjectBuilder().add("nick", id).build());
    }
}
