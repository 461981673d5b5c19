package dev.sio.log;

/**
 * Renders untrusted input (namespaces, event names, headers, origins, reasons, exception messages)
 * for a log line. Control characters are escaped, so a client cannot end the line and start a fake
 * one, and the text is cut at {@link #MAX_CHARS} characters with a marker giving the full length,
 * so a 900 KB namespace costs a log line of a few hundred bytes.
 *
 * <p>Every log line that carries something a client sent goes through here. JDK only.
 */
public final class LogSafe {

    /** The most characters of one value a log line shows. */
    public static final int MAX_CHARS = 200;

    private LogSafe() {
    }

    /**
     * The value as one safe line: CR, LF, TAB and every other control or line-separator character
     * as {@code \}{@code uXXXX}, a backslash doubled (so an escape in the input cannot pass for
     * ours), cut after {@link #MAX_CHARS} characters with {@code ...(N chars)}; {@code null} as
     * {@code null}.
     */
    public static String text(Object value) {
        if (value == null) return "null";
        String s = value.toString();
        int shown = Math.min(s.length(), MAX_CHARS);
        if (shown > 0 && shown < s.length() && Character.isHighSurrogate(s.charAt(shown - 1))) shown--;
        StringBuilder out = null;
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            if (needsEscape(c)) {
                if (out == null) out = new StringBuilder(shown + 16).append(s, 0, i);
                if (c == '\\') out.append("\\\\");
                else out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        if (out == null) {
            if (shown == s.length()) return s;
            out = new StringBuilder(shown + 24).append(s, 0, shown);
        }
        if (shown < s.length()) out.append("...(").append(s.length()).append(" chars)");
        return out.toString();
    }

    /** {@code 'x'} for a printable ASCII character, {@code '\u000a'} style for anything else. */
    public static String quote(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("'\\u%04x'", (int) c);
    }

    /**
     * A stand-in for a throwable whose messages may carry client input (a handler that failed on a
     * client's value): the same class name, stack trace and causes (a few levels deep), with every
     * message made safe. Log it in place of the original. When every message is safe already (the
     * usual case), the original itself comes back, so handlers of the log still see its type.
     */
    public static Throwable throwable(Throwable error) {
        return isSafe(error, 0) ? error : throwable(error, 0);
    }

    private static boolean isSafe(Throwable error, int depth) {
        if (error == null) return true;
        if (depth > 4) return false; // a deeper chain: rebuilt (and cut) rather than walked further
        String message = error.getMessage();
        // text() returns its argument itself when nothing needs escaping or cutting
        if (message != null && text(message) != message) return false;
        return error.getCause() == error || isSafe(error.getCause(), depth + 1);
    }

    private static Throwable throwable(Throwable error, int depth) {
        if (error == null) return null;
        Throwable cause = depth < 4 && error.getCause() != error ? throwable(error.getCause(), depth + 1) : null;
        SafeThrowable safe = new SafeThrowable(error.getClass().getName(),
                error.getMessage() == null ? null : text(error.getMessage()), cause);
        safe.setStackTrace(error.getStackTrace());
        return safe;
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                || c == '\u0085';
    }

    /** Prints as the original would ("java.lang.IllegalStateException: message"), with a safe message. */
    private static final class SafeThrowable extends Throwable {
        private final String className;

        SafeThrowable(String className, String message, Throwable cause) {
            super(message, cause, false, true);
            this.className = className;
        }

        @Override
        public String toString() {
            String message = getMessage();
            return message == null ? className : className + ": " + message;
        }
    }
}
