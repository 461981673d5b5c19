package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A session listener that remembers what it was told. */
public final class RecordingListener implements SessionListener {

    private final List<EnginePacket> messages = new CopyOnWriteArrayList<>();
    private final List<String> closes = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(EnginePacket packet) {
        messages.add(packet);
    }

    @Override
    public void onClose(String reason) {
        closes.add(reason);
    }

    public List<EnginePacket> messages() {
        return List.copyOf(messages);
    }

    /** The close reasons heard (a null reason is kept as null). */
    public List<String> closes() {
        return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(closes));
    }
}
