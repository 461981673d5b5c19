package dev.sio.monitoring.adminui;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.EngineEvents;
import dev.sio.monitoring.metrics.Utf8;
import dev.sio.socketio.server.ServerEvents;

import java.util.List;

/**
 * Feeds the {@link EventBuffer} from the servers' monitoring listeners with what instrument()
 * counts on Node's engine: {@code rawConnection}, {@code rawDisconnection} (by close reason),
 * {@code packetsIn}/{@code packetsOut} and {@code bytesIn}/{@code bytesOut} (payload bytes, UTF-8;
 * a broadcast counts once per recipient). Cheap and non-blocking, as the listeners must be.
 */
final class TrafficEvents implements EngineEvents, ServerEvents {

    private final EventBuffer buffer;

    TrafficEvents(EventBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public void connectionOpened(String transport) {
        buffer.push("rawConnection", null, 1);
    }

    @Override
    public void connectionClosed(String transport, String reason) {
        buffer.push("rawDisconnection", reason, 1);
    }

    @Override
    public void messageReceived(EnginePacket message) {
        buffer.push("packetsIn", null, 1);
        buffer.push("bytesIn", null, bytes(message));
    }

    @Override
    public void messagesSent(List<EnginePacket> frames, int recipients) {
        if (recipients <= 0) return;
        long bytes = 0;
        for (EnginePacket frame : frames) bytes += bytes(frame);
        buffer.push("packetsOut", null, (long) frames.size() * recipients);
        buffer.push("bytesOut", null, bytes * recipients);
    }

    private static long bytes(EnginePacket packet) {
        if (packet.isBinary()) return packet.binary().length;
        String text = packet.data();
        return text == null ? 0 : Utf8.length(text);
    }
}
