package dev.sio.cluster.wire;

/** A message on a cluster channel that is not in the expected format, or exceeds {@link WireLimits}. */
public final class WireFormatException extends Exception {

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
