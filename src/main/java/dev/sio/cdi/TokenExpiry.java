package dev.sio.cdi;

import dev.sio.log.LogSafe;
import dev.sio.auth.RejectionReason;
import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.server.Socket;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Ends a socket's connection when its token expires: at {@code exp} plus the clock skew the
 * verifier allows (so a token is never cut while it would still be accepted, and a client that
 * reconnects with the same token is refused instead of looping). The socket first gets a
 * {@value #EVENT} event {@code {"message":"invalid token: expired"}}, then its <em>transport</em> is
 * closed (no Socket.IO DISCONNECT: after {@code io server disconnect} the stock client would not
 * reconnect), so that the client reconnects and sends a fresh token from its {@code auth} callback.
 * Handlers see the disconnect reason {@value #REASON}. The timer is cancelled when the socket leaves.
 *
 * <p>Closing the transport ends every namespace multiplexed on that connection; the client's
 * Manager reconnects them all.
 */
final class TokenExpiry {

    private static final Logger LOG = System.getLogger(TokenExpiry.class.getName());

    /** The event a socket gets just before its connection is closed for an expired token. */
    static final String EVENT = "token_expired";
    /** The disconnect reason handlers see. */
    static final String REASON = "token expired";

    private static final JsonObject NOTICE = JsonFactories.PROVIDER.createObjectBuilder()
            .add("message", RejectionReason.EXPIRED.message()).build();

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final long skewMillis;
    private final BiConsumer<Socket, String> closeTransport;

    /**
     * @param closeTransport closes the socket's whole connection (transport) with a reason, without
     *                       Socket.IO DISCONNECT packets
     */
    TokenExpiry(ScheduledExecutorService scheduler, Clock clock, int clockSkewSeconds, BiConsumer<Socket, String> closeTransport) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.skewMillis = clockSkewSeconds * 1000L;
        this.closeTransport = closeTransport;
    }

    /** Arms the timer of a socket that just joined; nothing for an anonymous socket. */
    void watch(Socket socket) {
        JsonWebToken token = Principals.of(socket);
        if (token == null || token.getExpirationTime() <= 0) return;
        long delay = Math.max(0, token.getExpirationTime() * 1000 + skewMillis - clock.millis());
        ScheduledFuture<?> timer = scheduler.schedule(() -> expire(socket), delay, TimeUnit.MILLISECONDS);
        socket.onDisconnect(reason -> timer.cancel(false));
    }

    private void expire(Socket socket) {
        if (!socket.connected()) return;
        LOG.log(Level.INFO, "Socket {0} on {1}: the token of {2} expired; closing its connection",
                socket.id(), LogSafe.text(socket.namespace().name()), LogSafe.text(Principals.of(socket).getName()));
        socket.emit(EVENT, NOTICE);
        closeTransport.accept(socket, REASON);
    }
}
