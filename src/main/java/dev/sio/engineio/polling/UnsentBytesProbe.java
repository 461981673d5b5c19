package dev.sio.engineio.polling;

import jakarta.servlet.ServletRequest;

/**
 * Tells how many bytes of a response the container still holds unsent for a connection, and
 * closes that connection. Needed because a container may accept a whole poll answer into its own
 * write queue and report the stream ready at once (Payara/Grizzly does, for answers of a megabyte):
 * the Servlet API then never shows that the client stopped reading. Server-specific and optional.
 */
public interface UnsentBytesProbe {

    /** The connection behind the request (call before the request completes), or null if unknown. */
    Object connectionOf(ServletRequest request);

    /** Bytes written by the application and not yet taken by the socket; 0 when unknown. */
    long unsentBytes(Object connection);

    /** Drops the connection and what it holds queued. Must not block. */
    void close(Object connection);

    UnsentBytesProbe NONE = new UnsentBytesProbe() {
        @Override
        public Object connectionOf(ServletRequest request) {
            return null;
        }

        @Override
        public long unsentBytes(Object connection) {
            return 0;
        }

        @Override
        public void close(Object connection) {
        }
    };
}
