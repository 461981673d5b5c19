package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's packets waiting for the transport. Bounded in packets and in bytes: a client that
 * does not read fills it, and the session then closes instead of holding memory without limit.
 * Bytes are counted in O(1) per packet, from lengths the packet already knows: a text packet
 * counts its characters, a binary one its bytes (plus one for the type either way). A Socket.IO packet with
 * binary attachments spans several Engine.IO packets; {@link #offerAll} queues them all or none,
 * so a client never sees a header without its attachments.
 */
final class OutboundQueue {

    private final ArrayDeque<EnginePacket> packets = new ArrayDeque<>();
    private final int capacity;
    private final long maxBytes;
    private long bytes;

    OutboundQueue(int capacity) {
        this(capacity, Long.MAX_VALUE);
    }

    OutboundQueue(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    synchronized boolean offer(EnginePacket packet) {
        long size = queuedSize(packet);
        if (packets.size() >= capacity || bytes + size > maxBytes) return false;
        packets.addLast(packet);
        bytes += size;
        return true;
    }

    synchronized boolean offerAll(List<EnginePacket> batch) {
        if (packets.size() + batch.size() > capacity) return false;
        long size = 0;
        for (EnginePacket packet : batch) size += queuedSize(packet);
        if (bytes + size > maxBytes) return false;
        packets.addAll(batch);
        bytes += size;
        return true;
    }

    synchronized EnginePacket poll() {
        EnginePacket next = packets.pollFirst();
        if (next != null) bytes -= queuedSize(next);
        return next;
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
            bytes -= queuedSize(next);
        }
        return out;
    }

    synchronized boolean isEmpty() {
        return packets.isEmpty();
    }

    synchronized int size() {
        return packets.size();
    }

    /** The bytes queued, as counted against the bound. */
    synchronized long bytes() {
        return bytes;
    }

    synchronized void clear() {
        packets.clear();
        bytes = 0;
    }

    /** What a packet counts against the byte bound: O(1), no encoding. */
    static long queuedSize(EnginePacket packet) {
        if (packet.isBinary()) return 1L + packet.binary().length;
        String data = packet.data();
        return 1L + (data == null ? 0 : data.length());
    }

    private static long approximateSize(EnginePacket packet) {
        if (packet.isBinary()) return 1 + (packet.binary().length + 2L) / 3 * 4;
        String data = packet.data();
        return 1 + (data == null ? 0 : data.length());
    }
}
