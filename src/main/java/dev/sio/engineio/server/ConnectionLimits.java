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
        TOO_MANY_FROM_ADDRESS("Too many connections from this address"),
        /** The server is stopping (undeployment): the client should try again, elsewhere or later. */
        SHUTTING_DOWN("Server shutting down");

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
    // address -> places taken; changed only inside compute(), which is atomic per address: a counter
    // read outside it could be dropped at zero by a release while an acquire is counting on it
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

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
            Integer count = perAddress.get(address);
            if (count != null && count >= maxPerAddress) return Refusal.TOO_MANY_FROM_ADDRESS;
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
            boolean[] full = new boolean[1];
            perAddress.compute(address, (a, count) -> {
                int taken = count == null ? 0 : count;
                if (taken >= maxPerAddress) {
                    full[0] = true;
                    return count;
                }
                return taken + 1;
            });
            if (full[0]) {
                total.decrementAndGet();
                return Refusal.TOO_MANY_FROM_ADDRESS;
            }
        }
        return null;
    }

    public void release(String address) {
        total.decrementAndGet();
        if (maxPerAddress > 0 && address != null) {
            perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
        }
    }

    public int open() {
        return total.get();
    }

    /** 0: no limit. */
    public int maxConnections() {
        return maxConnections;
    }

    /** 0: no limit. */
    public int maxPerAddress() {
        return maxPerAddress;
    }
}
