package dev.sio.cdi;

/**
 * A guard refused what a socket asked for (an event, joining a room). Thrown from a handler, it is
 * answered like a refused event: {@code {"ok":false,"error":<message>}} to the acknowledgement, or an
 * {@code error} event {@code {"event":<name>,"error":<message>}} when the client asked for none. The
 * connection stays. The message is sent to the client: {@code forbidden} or {@code unauthorized}.
 */
public class AccessDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message, null, false, false);
    }
}
