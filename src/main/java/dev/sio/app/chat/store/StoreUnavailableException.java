package dev.sio.app.chat.store;

/** The store could not take or answer a request: the database is unreachable, or a queue is full. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message) {
        super(message, null, false, false);
    }
}
