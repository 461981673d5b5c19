package dev.sio.cdi;

import dev.sio.log.LogSafe;
import dev.sio.auth.RejectionReason;
import dev.sio.auth.TokenExtractor;
import dev.sio.auth.TokenRejectedException;
import dev.sio.auth.TokenVerifier;
import dev.sio.socketio.server.ConnectMiddleware;
import dev.sio.socketio.server.ConnectRefusedException;
import dev.sio.socketio.server.Handshake;
import dev.sio.socketio.server.Socket;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;

/**
 * The namespace guard of a gateway that uses authentication: finds the token (auth.token, Bearer
 * header, cookie, query when enabled), verifies it, checks the gateway's rule, and stores the
 * principal on the socket. A refusal is a CONNECT_ERROR whose message is the client-safe reason
 * ({@code missing token}, {@code invalid token: expired}, ..., {@code forbidden}); the socket never
 * joins, so no handler sees it.
 *
 * <p>Runs on the connection's thread. Verification may block on a JWKS fetch (bounded by its
 * timeout) the first time, and when a token names a key the server does not know yet.
 */
final class AuthMiddleware implements ConnectMiddleware {

    private static final Logger LOG = System.getLogger(AuthMiddleware.class.getName());

    private final AccessRule rule;
    private final TokenExtractor extractor;
    private final TokenVerifier verifier;

    AuthMiddleware(AccessRule rule, TokenExtractor extractor, TokenVerifier verifier) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public void check(Socket socket) throws ConnectRefusedException {
        Handshake handshake = socket.handshake();
        Optional<String> raw = extractor.extract(handshake.auth(), handshake.headers(), handshake.query());
        JsonWebToken principal = null;
        if (raw.isPresent()) {
            try {
                principal = verifier.verify(raw.get());
            } catch (TokenRejectedException e) {
                throw new ConnectRefusedException(e.getMessage());
            }
        } else if (rule.requiresToken()) {
            throw new ConnectRefusedException(RejectionReason.MISSING.message());
        }
        String refusal = rule.refusal(principal);
        if (refusal != null) {
            LOG.log(Level.DEBUG, "{0} refused on {1}: {2} needs {3}", principal == null ? "anonymous" : LogSafe.text(principal.getName()),
                    LogSafe.text(socket.namespace().name()), LogSafe.text(refusal), rule);
            throw new ConnectRefusedException(refusal);
        }
        if (principal != null) {
            socket.attribute(Principals.ATTRIBUTE, principal);
            // connection state recovery gives a session back only to the same subject
            socket.identify(principal.getSubject());
        }
    }
}
