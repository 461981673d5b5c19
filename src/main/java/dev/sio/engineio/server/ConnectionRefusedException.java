package dev.sio.engineio.server;

/** A new session was refused by a connection limit; the transport answers with the refusal's message. */
public class ConnectionRefusedException extends RuntimeException {

    private final ConnectionLimits.Refusal refusal;

    public ConnectionRefusedException(ConnectionLimits.Refusal refusal) {
        super(refusal.message(), null, false, false);
        this.refusal = refusal;
    }

    public ConnectionLimits.Refusal refusal() {
        return refusal;
    }
}
