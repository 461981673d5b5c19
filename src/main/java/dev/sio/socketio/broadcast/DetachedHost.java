package dev.sio.socketio.broadcast;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** The host of an adapter that no namespace initialised (see {@link AdapterHost#detached}). */
final class DetachedHost implements AdapterHost {

    private final String namespace;
    private final AtomicLong ackIds = new AtomicLong();

    DetachedHost(String namespace) {
        this.namespace = namespace;
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
        return null;
    }

    @Override
    public void delivered(OutgoingPacket packet, int recipients) {
    }

    @Override
    public void serverSideEmitReceived(Arguments args, Consumer<Arguments> answer) {
    }
}
