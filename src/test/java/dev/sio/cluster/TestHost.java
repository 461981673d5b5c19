package dev.sio.cluster;

import dev.sio.socketio.broadcast.AdapterHost;
import dev.sio.socketio.broadcast.Arguments;
import dev.sio.socketio.broadcast.OutgoingPacket;
import jakarta.json.Json;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A namespace for adapter tests: a real scheduler; server-side events answered with "answer:<first arg>" when asked to. */
final class TestHost implements AdapterHost {

    private final String namespace;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong ackIds = new AtomicLong();
    volatile boolean answersServerSideEmits = true;

    TestHost(String namespace, ScheduledExecutorService scheduler) {
        this.namespace = namespace;
        this.scheduler = scheduler;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public long nextAckId() {
        return ackIds.getAndIncrement();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void delivered(OutgoingPacket packet, int recipients) {
    }

    @Override
    public void serverSideEmitReceived(Arguments args, Consumer<Arguments> answer) {
        if (answer != null && answersServerSideEmits) {
            answer.accept(new Arguments(Json.createArrayBuilder().add("answer:" + args.values().getString(1)).build(), List.of()));
        }
    }
}
