package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's packets waiting for the transport. Bounded: a client that does not read fills it,
 * and the session then closes instead of holding memory without limit. A Socket.IO packet with
 * binary attachments spans several Engine.IO packets; {@link #offerAll} queues them all or none,
 * so a client never sees a header without its attachments.
 */
final class OutboundQueue {

    private final ArrayDeque<EnginePacket> packets = new ArrayDeque<>();
    private final int capacity;

    OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    synchronized boolean offer(EnginePacket packet) {
        if (packets.size() >= capacity) return false;
        packets.addLast(packet);
        return true;
    }

    synchronized boolean offerAll(List<EnginePacket> batch) {
        if (packets.size() + batch.size() > capacity) return false;
        packets.addAll(batch);
        return true;
    }

    synchronized EnginePacket poll() {
        return packets.pollFirst();
    }

    /**
     * Takes packets from the head while their text size stays under {@code maxChars}; always at
     * least one, so an oversized packet still leaves.
     */
    synchronized List<EnginePacket> drain(int maxChars) {
        List<EnginePacket> out = new ArrayList<>(Math.min(packets.size(), 64));
        long size = 0;
        while (!packets.isEmpty()) {
            EnginePacket next = packets.peekFirst();
            size += approximateSize(next) + 1;
            if (!out.isEmpty() && size > maxChars) break;
            out.add(packets.pollFirst());
        }
        return out;
    }

    synchronized boolean isEmpty() {
        return packets.isEmpty();
    }

    synchronized int size() {
        return packets.size();
    }

    synchronized void clear() {
        packets.clear();
    }

    private static long approximateSize(EnginePacket packet) {
        if (packet.isBinary()) return 1 + (packet.binary().length + 2L) / 3 * 4;
        String data = packet.data();
        return 1 + (data == null ? 0 : data.length());
    }
}
