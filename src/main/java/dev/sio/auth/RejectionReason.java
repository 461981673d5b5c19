package dev.sio.auth;

/**
 * Why a token was refused.
 *
 * <p>The messages are part of the wire contract: they are sent back to the Socket.IO client in the
 * CONNECT_ERROR packet, so they are short, stable, and say nothing about keys, URLs or the parser
 * that failed. Details go to the server log only.
 */
public enum RejectionReason {
    MISSING("missing token"),
    MALFORMED("invalid token: malformed"),
    SIGNATURE("invalid token: signature"),
    ALGORITHM("invalid token: algorithm"),
    EXPIRED("invalid token: expired"),
    NOT_YET_VALID("invalid token: not yet valid"),
    ISSUER("invalid token: issuer"),
    AUDIENCE("invalid token: audience"),
    UNKNOWN_KEY("invalid token: unknown key"),
    TOO_OLD("invalid token: too old");

    private final String message;

    RejectionReason(String message) {
        this.message = message;
    }

    /** The client-facing text, e.g. {@code invalid token: expired}. */
    public String message() {
        return message;
    }
}
