package dev.sio.integration;

/**
 * An emit request that cannot be carried out as given (malformed body, unknown namespace, reserved
 * event). Its message is safe to send back to the publisher: it names the problem, never the input.
 */
public final class InvalidEmitException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidEmitException(String message) {
        super(message, null, false, false);
    }
}
