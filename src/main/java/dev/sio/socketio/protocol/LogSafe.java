package dev.sio.socketio.protocol;

/**
 * Renders bits of untrusted input for exception messages. Control characters are escaped so
 * a client cannot start a fake log line, and nothing longer than one character is echoed.
 */
final class LogSafe {

    private LogSafe() {
    }

    /** {@code 'x'} for a printable character, {@code '\u000a'} style for anything else. */
    static String quote(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("'\\u%04x'", (int) c);
    }
}
