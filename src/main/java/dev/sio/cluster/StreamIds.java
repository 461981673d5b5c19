package dev.sio.cluster;

/** Redis stream ids ({@code <milliseconds>-<sequence>}), the offsets of a shared recovery store, compared as Redis orders them. */
final class StreamIds {

    private StreamIds() {
    }

    /** Whether {@code id} has the form of a stream id (each part at most 19 digits: fits a long). */
    static boolean isId(String id) {
        int dash = id.indexOf('-');
        return dash > 0 && dash < 20 && digits(id, 0, dash) && id.length() - dash - 1 > 0 && id.length() - dash - 1 < 20
                && digits(id, dash + 1, id.length());
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    /** Whether stream id {@code a} comes after {@code b} (both of the form {@link #isId} checks). */
    static boolean after(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        int ms = Long.compare(Long.parseLong(a, 0, da, 10), Long.parseLong(b, 0, db, 10));
        if (ms != 0) return ms > 0;
        return Long.parseLong(a, da + 1, a.length(), 10) > Long.parseLong(b, db + 1, b.length(), 10);
    }
}
