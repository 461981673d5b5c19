package dev.sio.cdi;

/** An event argument did not fit the handler's parameter: the client's mistake, answered to its ack. */
final class PayloadBindingException extends RuntimeException {
    PayloadBindingException(String message) {
        super(message, null, false, false);
    }
}
