package dev.sio.auth;

import java.util.Objects;

/**
 * A token was missing or failed verification. {@link #getMessage()} is exactly
 * {@link RejectionReason#message()}, so it can be handed to the client as is.
 *
 * <p>No cause is attached on purpose: the jose4j exception text may quote claims or key details,
 * and callers are tempted to log or forward {@code getCause()}.
 */
public class TokenRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;

    public TokenRejectedException(RejectionReason reason) {
        // No stack trace: rejections are routine (expired tokens), and a trace per bad token is waste.
        super(Objects.requireNonNull(reason, "reason").message(), null, false, false);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
