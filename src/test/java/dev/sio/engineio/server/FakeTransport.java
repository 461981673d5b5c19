package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A transport without a network: it "writes" a packet by pulling it from the session into a list.
 * By default it writes as soon as it is told packets are ready (a fast client); {@link #hold()}
 * makes it a slow client that writes nothing and reports itself busy until {@link #release}.
 */
public final class FakeTransport implements Transport {

    private final String name;
    private final List<EnginePacket> written = new CopyOnWriteArrayList<>();
    private final List<String> closeReasons = new CopyOnWriteArrayList<>();
    private final AtomicInteger readyCalls = new AtomicInteger();
    private volatile boolean holding;
    private volatile boolean busy;
    private volatile boolean retired;
    private volatile boolean probed;
    private final AtomicInteger probedCalls = new AtomicInteger();

    public FakeTransport(String name) {
        this.name = name;
    }

    public FakeTransport() {
        this("websocket");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void packetsReady(EngineSession session) {
        readyCalls.incrementAndGet();
        if (!holding && !retired) drain(session);
    }

    @Override
    public boolean isWritable() {
        return !busy;
    }

    @Override
    public void close(String reason) {
        closeReasons.add(reason);
    }

    @Override
    public void upgradeProbed() {
        probed = true;
        probedCalls.incrementAndGet();
    }

    @Override
    public void retire() {
        retired = true;
    }

    /** Writes what the session has queued, as a transport's writer would; returns how many. */
    public synchronized int drain(EngineSession session) {
        int n = 0;
        EnginePacket next;
        while ((next = session.pollOutbound()) != null) {
            written.add(next);
            n++;
        }
        session.outboundDrained();
        return n;
    }

    /** From now on the client reads nothing and the transport is busy. */
    public FakeTransport hold() {
        holding = true;
        busy = true;
        return this;
    }

    /** Writes nothing when told packets are ready, yet claims to be writable (a transport between two writes). */
    public FakeTransport stall() {
        holding = true;
        busy = false;
        return this;
    }

    /** The client reads again: writes what waits. */
    public int release(EngineSession session) {
        holding = false;
        busy = false;
        return drain(session);
    }

    public List<EnginePacket> written() {
        return List.copyOf(written);
    }

    public EnginePacket last() {
        List<EnginePacket> all = written();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** The written packets as wire text; binary ones as "<binary N bytes>". */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        for (EnginePacket p : written) out.add(p.isBinary() ? "<binary " + p.binary().length + " bytes>" : p.wireText());
        return out;
    }

    /** Forgets what was written so far. */
    public void clear() {
        written.clear();
    }

    public List<String> closeReasons() {
        return java.util.Collections.unmodifiableList(new ArrayList<>(closeReasons));
    }

    public boolean isClosed() {
        return !closeReasons.isEmpty();
    }

    public int readyCalls() {
        return readyCalls.get();
    }

    public boolean isRetired() {
        return retired;
    }

    public boolean wasProbed() {
        return probed;
    }

    /** How many times the transport was told that a WebSocket probe succeeded. */
    public int probedCalls() {
        return probedCalls.get();
    }

    /** Waits (bounded) for a condition set by another thread; false when it did not come. */
    public static boolean await(BooleanSupplier condition, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
