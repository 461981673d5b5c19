package dev.sio.app.chat.store;

import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * Message ids whose string order is their order of creation: the creation time in epoch
 * milliseconds (13 digits, zero-padded), a counter within that millisecond (5 digits), and a
 * random tag of this node, e.g. {@code 1796529600000-00003-k2x9q4mz}. Ids never go backwards on one
 * node, even when the clock does (the last millisecond is reused and the counter goes on); two nodes
 * never make the same id (their tags differ). {@link Stamp#ts} is the millisecond the id carries.
 */
public final class MessageIds {

    private static final int MAX_COUNTER = 99_999;
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    private final LongSupplier clock;
    private final String node;
    private long lastMillis = -1;
    private int counter;

    public MessageIds() {
        this(System::currentTimeMillis, randomTag(new SecureRandom()));
    }

    MessageIds(LongSupplier clock, String node) {
        this.clock = clock;
        this.node = node;
    }

    /** A new id and the time it carries. */
    public Stamp next() {
        long millis;
        int count;
        synchronized (this) {
            long now = clock.getAsLong();
            if (now > lastMillis) {
                lastMillis = now;
                counter = 0;
            } else if (++counter > MAX_COUNTER) {
                // more than 100k ids in one millisecond, or a clock gone back: borrow the next millisecond
                lastMillis++;
                counter = 0;
            }
            millis = lastMillis;
            count = counter;
        }
        // outside the lock, and by hand rather than String.format: one id per room message, and the
        // format's parsing was 2-3% of the server's CPU for room messages in a profile of
        // bench/run.sh --persistence
        StringBuilder id = new StringBuilder(20 + node.length());
        appendZeroPadded(id, millis, 13);
        appendZeroPadded(id.append('-'), count, 5);
        return new Stamp(id.append('-').append(node).toString(), millis);
    }

    private static void appendZeroPadded(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) out.append('0');
        out.append(digits);
    }

    private static String randomTag(SecureRandom random) {
        StringBuilder tag = new StringBuilder(8);
        for (int i = 0; i < 8; i++) tag.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return tag.toString();
    }

    /** An id and its creation time (epoch ms). */
    public record Stamp(String id, long ts) {
    }
}
