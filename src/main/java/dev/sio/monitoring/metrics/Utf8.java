package dev.sio.monitoring.metrics;

/** The UTF-8 length of a string without encoding it. */
public final class Utf8 {

    private Utf8() {
    }

    public static long length(CharSequence text) {
        long bytes = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // a lone surrogate: what an encoder writes for it varies; a count need not be exact here
            }
        }
        return bytes;
    }
}
