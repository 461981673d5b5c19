package dev.sio.socketio.recovery;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Sessions and packets in this JVM, bounded: packets by count and bytes (oldest dropped first) and by
 * age (the window), sessions by count (oldest dropped first) and age. One lock: recovery runs on
 * connects and disconnects and appends on stored broadcasts, never per recipient.
 */
public final class InMemoryRecoveryStore implements RecoveryStore {

    private final RecoveryLimits limits;
    private final LongSupplier clock;
    // offsets: a prefix per store (a restarted server never matches an old offset) and a counter
    private final String prefix;
    private long sequence;
    private final ArrayDeque<StoredPacket> log = new ArrayDeque<>();
    private long logBytes;
    // insertion order = disconnection order: the eldest goes first when the bound is reached
    private final LinkedHashMap<String, SessionRecord> sessions = new LinkedHashMap<>();

    public InMemoryRecoveryStore(RecoveryLimits limits, LongSupplier clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.prefix = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    }

    @Override
    public synchronized String nextOffset() {
        return prefix + "-" + Long.toString(++sequence, 36);
    }

    @Override
    public synchronized void append(StoredPacket packet) {
        packet = packet.at(clock.getAsLong());
        log.addLast(packet);
        logBytes += packet.bytes();
        while (log.size() > limits.maxPackets() || logBytes > limits.maxBytes()) dropOldestPacket();
    }

    private void dropOldestPacket() {
        StoredPacket dropped = log.pollFirst();
        if (dropped != null) logBytes -= dropped.bytes();
    }

    @Override
    public synchronized void persist(SessionRecord session) {
        session = session.at(clock.getAsLong());
        String key = key(session.namespace(), session.pid());
        sessions.remove(key); // re-inserted last: its age starts now
        sessions.put(key, session);
        Iterator<SessionRecord> eldest = sessions.values().iterator();
        while (sessions.size() > limits.maxSessions() && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    @Override
    public synchronized Restore take(String namespace, String pid, String offset, String userId, boolean anyUser) {
        expire();
        String key = key(namespace, pid);
        SessionRecord session = sessions.get(key);
        if (session == null) return Restore.refused(Restore.Outcome.UNKNOWN);
        if (!anyUser && !Objects.equals(session.userId(), userId)) return Restore.refused(Restore.Outcome.WRONG_USER);
        sessions.remove(key); // at most once, whatever follows
        List<StoredPacket> missed = new ArrayList<>();
        long bytes = 0;
        boolean found = false;
        for (StoredPacket packet : log) {
            if (!found) {
                found = packet.offset().equals(offset);
                continue;
            }
            if (!packet.isFor(namespace, session.rooms())) continue;
            missed.add(packet);
            bytes += packet.bytes();
            if (missed.size() > limits.maxSessionPackets() || bytes > limits.maxSessionBytes()) {
                return Restore.refused(Restore.Outcome.TOO_MANY_MISSED);
            }
        }
        if (!found) return Restore.refused(Restore.Outcome.OFFSET_UNKNOWN);
        return new Restore(Restore.Outcome.RESTORED, session, List.copyOf(missed));
    }

    @Override
    public synchronized boolean contains(String namespace, String pid) {
        expire();
        return sessions.containsKey(key(namespace, pid));
    }

    @Override
    public synchronized void expire() {
        long threshold = clock.getAsLong() - limits.maxDisconnection().toMillis();
        while (!log.isEmpty() && log.peekFirst().storedAt() < threshold) dropOldestPacket();
        Iterator<Map.Entry<String, SessionRecord>> it = sessions.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().disconnectedAt() < threshold) it.remove();
    }

    /** Milliseconds now, as this store counts them. */
    public long now() {
        return clock.getAsLong();
    }

    @Override
    public synchronized int sessions() {
        return sessions.size();
    }

    @Override
    public synchronized int packets() {
        return log.size();
    }

    @Override
    public synchronized long bytes() {
        return logBytes;
    }

    private static String key(String namespace, String pid) {
        return namespace + "\n" + pid;
    }
}
