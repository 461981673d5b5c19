package dev.sio.monitoring.metrics;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.engineio.server.EngineEvents;
import dev.sio.socketio.server.ServerEvents;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the Engine.IO and Socket.IO servers report. Lock-free ({@link LongAdder}s, which do
 * not contend between threads); labelled counts are arrays indexed by a fixed set of label values,
 * and per-namespace counts exist only for namespaces the server created (never one a client named).
 * Monotonic: nothing is ever reset, as Prometheus expects of counters.
 */
public final class SocketIoCounters implements EngineEvents, ServerEvents {

    /** The transports a connection opens on (the index of a transport is its slot). */
    static final List<String> TRANSPORTS = List.of("polling", "websocket");

    private final LongAdder[] opened = adders(TRANSPORTS.size());
    private final LongAdder[] closed = adders(ReasonLabel.CONNECTION.size() + 1);
    private final LongAdder upgrades = new LongAdder();
    private final LongAdder[] connectionsRefused = adders(EngineEvents.Refusal.values().length);
    private final LongAdder[] connectsRefused = adders(ConnectRefusal.values().length);
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder broadcasts = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder volatileDropped = new LongAdder();
    private final LongAdder ackTimeouts = new LongAdder();
    private final Map<String, NamespaceCounts> namespaces = new ConcurrentHashMap<>();

    /** The counts of one namespace. */
    static final class NamespaceCounts {
        final LongAdder connects = new LongAdder();
        final LongAdder[] disconnects = adders(ReasonLabel.SOCKET.size() + 1);
    }

    // ---- EngineEvents ----

    @Override
    public void connectionOpened(String transport) {
        opened["websocket".equals(transport) ? 1 : 0].increment();
    }

    @Override
    public void connectionClosed(String transport, String reason) {
        closed[ReasonLabel.connectionSlot(reason)].increment();
    }

    @Override
    public void upgraded() {
        upgrades.increment();
    }

    @Override
    public void connectionRefused(EngineEvents.Refusal reason) {
        connectionsRefused[reason.ordinal()].increment();
    }

    // ---- ServerEvents ----

    @Override
    public void socketConnected(String namespace) {
        namespace(namespace).connects.increment();
    }

    @Override
    public void socketDisconnected(String namespace, String reason) {
        namespace(namespace).disconnects[ReasonLabel.socketSlot(reason)].increment();
    }

    @Override
    public void connectRefused(String namespace, String message) {
        connectsRefused[ConnectRefusal.of(namespace, message).ordinal()].increment();
    }

    @Override
    public void messageReceived(EnginePacket message) {
        messagesIn.increment();
        bytesIn.add(payloadBytes(message));
    }

    @Override
    public void messagesSent(List<EnginePacket> frames, int recipients) {
        if (recipients <= 0) return;
        long bytes = 0;
        for (EnginePacket frame : frames) bytes += payloadBytes(frame);
        messagesOut.add((long) frames.size() * recipients);
        bytesOut.add(bytes * recipients);
    }

    @Override
    public void broadcast(String namespace, int recipients) {
        broadcasts.increment();
        deliveries.add(recipients);
    }

    @Override
    public void volatileDropped() {
        volatileDropped.increment();
    }

    @Override
    public void ackTimedOut(String namespace) {
        ackTimeouts.increment();
    }

    // ---- reading ----

    public long connectionsOpened(String transport) {
        int slot = TRANSPORTS.indexOf(transport);
        return slot < 0 ? 0 : opened[slot].sum();
    }

    /** By label value ({@code ping_timeout}, ..., {@code other}). */
    public long connectionsClosed(String reasonLabel) {
        return sum(closed, ReasonLabel.labels(ReasonLabel.CONNECTION).indexOf(reasonLabel));
    }

    /** Connections closed because the client did not read fast enough. */
    public long sendBufferFull() {
        return closed[ReasonLabel.connectionSlot(CloseReasons.SEND_BUFFER_FULL)].sum();
    }

    public long upgrades() {
        return upgrades.sum();
    }

    public long connectionsRefused(EngineEvents.Refusal reason) {
        return connectionsRefused[reason.ordinal()].sum();
    }

    /** By label value ({@code token_expired}, {@code forbidden}, ...). */
    public long connectsRefused(String reasonLabel) {
        for (ConnectRefusal refusal : ConnectRefusal.values()) {
            if (refusal.label().equals(reasonLabel)) return connectsRefused[refusal.ordinal()].sum();
        }
        return 0;
    }

    public long socketConnects(String namespace) {
        NamespaceCounts counts = namespaces.get(namespace);
        return counts == null ? 0 : counts.connects.sum();
    }

    /** By namespace and label value ({@code client_namespace_disconnect}, ...). */
    public long socketDisconnects(String namespace, String reasonLabel) {
        NamespaceCounts counts = namespaces.get(namespace);
        return counts == null ? 0 : sum(counts.disconnects, ReasonLabel.labels(ReasonLabel.SOCKET).indexOf(reasonLabel));
    }

    public long messagesReceived() {
        return messagesIn.sum();
    }

    public long bytesReceived() {
        return bytesIn.sum();
    }

    public long messagesSent() {
        return messagesOut.sum();
    }

    public long bytesSent() {
        return bytesOut.sum();
    }

    public long broadcasts() {
        return broadcasts.sum();
    }

    public long deliveries() {
        return deliveries.sum();
    }

    public long volatileDrops() {
        return volatileDropped.sum();
    }

    public long ackTimeouts() {
        return ackTimeouts.sum();
    }

    // ---- helpers ----

    private NamespaceCounts namespace(String name) {
        NamespaceCounts counts = namespaces.get(name);
        return counts != null ? counts : namespaces.computeIfAbsent(name, n -> new NamespaceCounts());
    }

    /**
     * The payload's size on the wire before Engine.IO framing: the UTF-8 length of a text, the
     * length of a binary. Counted without encoding (a broadcast's frames are measured once).
     */
    static long payloadBytes(EnginePacket packet) {
        if (packet.isBinary()) return packet.binary().length;
        String text = packet.data();
        return text == null ? 0 : Utf8.length(text);
    }

    private static long sum(LongAdder[] adders, int slot) {
        return slot < 0 ? 0 : adders[slot].sum();
    }

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) adders[i] = new LongAdder();
        return adders;
    }
}
