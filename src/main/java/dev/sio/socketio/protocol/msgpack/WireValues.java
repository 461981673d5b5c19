package dev.sio.socketio.protocol.msgpack;

import java.util.List;
import java.util.Map;

/**
 * The value model of the codecs, what a JavaScript value becomes on the Java side:
 * {@code null}, {@link Boolean}, {@link Long} (integral numbers), {@link Double} (others),
 * {@link String}, {@code byte[]} (a Node Buffer), {@link List} (array) and {@link Map} with
 * {@link String} keys in insertion order (object). Readers produce only these; writers accept
 * them plus the other {@link Number} and {@link CharSequence} types. A reader made with
 * {@link MsgpackReader#keepingUndefined} also yields {@link #UNDEFINED}.
 */
public final class WireValues {

    /**
     * JavaScript's {@code undefined}, which notepack.io 2 (the msgpack parser's) writes as an
     * extension where its value stands: an object member set to undefined, an array element, an
     * absent packet field ({@code {type: 0, data: undefined}}). It is no JSON value: a member with
     * it is left out, an element becomes null (as {@code JSON.stringify} does).
     */
    public static final Object UNDEFINED = new Object() {
        @Override
        public String toString() {
            return "undefined";
        }
    };

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
