package dev.sio.monitoring.adminui;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session ids handed to admins who logged in with the password: the UI keeps the id and logs in
 * with it on every reconnection (instrument()'s in-memory store). Ids expire after a day, as in the
 * Node store for Redis, and at most {@value #MAX_SESSIONS} are kept (the oldest go first), so
 * repeated logins cannot grow memory.
 */
final class AdminSessions {

    static final Duration LIFETIME = Duration.ofDays(1);
    static final int MAX_SESSIONS = 1000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Clock clock;

    AdminSessions(Clock clock) {
        this.clock = clock;
    }

    /** A new session id (16 hex digits, as Node's), valid from now. */
    String open() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        expireAndBound();
        expiries.put(id, clock.instant().plus(LIFETIME));
        return id;
    }

    /** Whether the id names a live session; null and unknown ids do not. */
    boolean valid(String id) {
        if (id == null) return false;
        Instant expiry = expiries.get(id);
        if (expiry == null) return false;
        if (expiry.isAfter(clock.instant())) return true;
        expiries.remove(id, expiry);
        return false;
    }

    int size() {
        return expiries.size();
    }

    private void expireAndBound() {
        Instant now = clock.instant();
        expiries.values().removeIf(expiry -> !expiry.isAfter(now));
        while (expiries.size() >= MAX_SESSIONS) {
            Map.Entry<String, Instant> oldest = null;
            for (Iterator<Map.Entry<String, Instant>> it = expiries.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Instant> entry = it.next();
                if (oldest == null || entry.getValue().isBefore(oldest.getValue())) oldest = entry;
            }
            if (oldest == null) return;
            expiries.remove(oldest.getKey());
        }
    }
}
