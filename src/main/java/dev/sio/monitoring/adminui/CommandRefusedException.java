package dev.sio.monitoring.adminui;

/** An Admin UI command that is not carried out: malformed, aimed at nothing, or refused in read-only mode. */
final class CommandRefusedException extends Exception {

    CommandRefusedException(String message) {
        super(message, null, false, false);
    }
}
