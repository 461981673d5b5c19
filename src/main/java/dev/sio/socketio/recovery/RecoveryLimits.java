package dev.sio.socketio.recovery;

import java.time.Duration;
import java.util.Set;

/**
 * Settings of connection state recovery.
 *
 * @param maxDisconnection  how long a session (and the packets it may miss) is kept; zero turns recovery off
 * @param skipMiddlewares   restore without running the connect middlewares again (Node's option; off by
 *                          default here, so that a token is verified again before anything is restored)
 * @param maxSessionPackets most missed packets one session may get back (more: the session is not restored)
 * @param maxSessionBytes   most bytes of missed packets one session may get back
 * @param maxPackets        most packets kept in all (the oldest are dropped first)
 * @param maxBytes          most bytes of packets kept in all
 * @param maxSessions       most disconnected sessions kept (the oldest are dropped first); the in-memory
 *                          store counts these three bounds over all namespaces, the Redis store per namespace
 * @param namespaces        the namespaces that recover; {@code *} for all
 */
public record RecoveryLimits(Duration maxDisconnection, boolean skipMiddlewares, int maxSessionPackets,
                             long maxSessionBytes, int maxPackets, long maxBytes, int maxSessions,
                             Set<String> namespaces) {

    public static final String ALL_NAMESPACES = "*";

    public RecoveryLimits {
        namespaces = Set.copyOf(namespaces);
        if (maxDisconnection.isNegative()) throw new IllegalArgumentException("max-disconnection-duration must not be negative");
        if (maxSessionPackets < 1 || maxPackets < 1 || maxSessions < 1 || maxSessionBytes < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("recovery bounds must be positive");
        }
    }

    /** Recovery off. */
    public static RecoveryLimits off() {
        return new RecoveryLimits(Duration.ZERO, false, 1, 1, 1, 1, 1, Set.of());
    }

    /** The defaults for a window: 1,000 packets and 1 MiB per session, 50,000 packets and 32 MiB, 10,000 sessions. */
    public static RecoveryLimits of(Duration maxDisconnection) {
        return new RecoveryLimits(maxDisconnection, false, 1_000, 1L << 20, 50_000, 32L << 20, 10_000, Set.of(ALL_NAMESPACES));
    }

    public boolean enabled() {
        return !maxDisconnection.isZero() && !namespaces.isEmpty();
    }

    /** Whether sockets of this namespace recover. */
    public boolean covers(String namespace) {
        return enabled() && (namespaces.contains(ALL_NAMESPACES) || namespaces.contains(namespace));
    }
}
