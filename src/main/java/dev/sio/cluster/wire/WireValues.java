package dev.sio.cluster.wire;

import java.util.List;
import java.util.Map;

/**
 * The value model of the codecs, what a JavaScript value becomes on the Java side:
 * {@code null}, {@link Boolean}, {@link Long} (integral numbers), {@link Double} (others),
 * {@link String}, {@code byte[]} (a Node Buffer), {@link List} (array) and {@link Map} with
 * {@link String} keys in insertion order (object). Readers produce only these; writers accept
 * them plus the other {@link Number} and {@link CharSequence} types.
 */
public final class WireValues {

    private WireValues() {
    }

    /** Whether a Buffer occurs anywhere in {@code value}: Node's {@code hasBinary}. */
    public static boolean hasBinary(Object value) {
        if (value instanceof byte[]) {
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (hasBinary(o)) {
                    return true;
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Object o : map.values()) {
                if (hasBinary(o)) {
                    return true;
                }
            }
        }
        return false;
    }
}
