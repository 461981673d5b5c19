package dev.sio.engineio.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds on open sessions: in all, and per client address. A session takes a place when it opens
 * and gives it back when it closes.
 *
 * @see #tryAcquire(String)
 */
public final class ConnectionLimits {

    /** Why a connection was refused; null when it was not. */
    public enum Refusal {
        TOO_MANY_CONNECTIONS("Too many connections"),
        TOO_MANY_FROM_ADDRESS("Too many connections from this address");

        private final String message;

        Refusal(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }

        public String json() {
            return "{\"code\":" + EngineError.FORBIDDEN.code() + ",\"message\":\"" + message + "\"}";
        }
    }

    private final int maxConnections;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    /** @param maxConnections 0 for no limit; @param maxPerAddress 0 for no limit */
    public ConnectionLimits(int maxConnections, int maxPerAddress) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
    }

    public static ConnectionLimits unlimited() {
        return new ConnectionLimits(0, 0);
    }

    /** A quick check before the costly part of a handshake; {@link #tryAcquire} decides. */
    public Refusal check(String address) {
        if (maxConnections > 0 && total.get() >= maxConnections) return Refusal.TOO_MANY_CONNECTIONS;
        if (maxPerAddress > 0 && address != null) {
            AtomicInteger count = perAddress.get(address);
            if (count != null && count.get() >= maxPerAddress) return Refusal.TOO_MANY_FROM_ADDRESS;
        }
        return null;
    }

    /** Takes a place for a new session; null when it got one, else why not. */
    public Refusal tryAcquire(String address) {
        if (maxConnections > 0 && total.incrementAndGet() > maxConnections) {
            total.decrementAndGet();
            return Refusal.TOO_MANY_CONNECTIONS;
        } else if (maxConnections <= 0) {
            total.incrementAndGet();
        }
        if (maxPerAddress > 0 && address != null) {
            AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
            if (count.incrementAndGet() > maxPerAddress) {
                count.decrementAndGet();
                total.decrementAndGet();
                return Refusal.TOO_MANY_FROM_ADDRESS;
            }
        }
        return null;
    }

    public void release(String address) {
        total.decrementAndGet();
        if (maxPerAddress > 0 && address != null) {
            perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
    }

    public int open() {
        return total.get();
    }
}
