package dev.sio.engineio.protocol;

/**
 * A frame or polling body that breaks the Engine.IO v4 wire format.
 *
 * <p>The message is meant for server logs: it never contains more than a few characters
 * of the offending input, so a hostile client cannot flood or forge log lines with it.
 */
public class EngineProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    public EngineProtocolException(String message) {
        super(message);
    }
}
