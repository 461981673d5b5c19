package dev.sio.socketio.protocol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The objects {@code {"_placeholder":true,"num":N}} that stand in a packet's JSON where its
 * N-th binary attachment belongs.
 */
public final class Placeholders {

    static final String PLACEHOLDER_KEY = "_placeholder";
    static final String NUM_KEY = "num";

    /** Placeholders are immutable, so the common small ones are built once. */
    private static final JsonObject[] CACHED = new JsonObject[16];

    static {
        for (int i = 0; i < CACHED.length; i++) {
            CACHED[i] = build(i);
        }
    }

    private Placeholders() {
    }

    /** {@code {"_placeholder":true,"num":num}}, keys in that order (as the reference client writes them). */
    public static JsonObject placeholder(int num) {
        if (num < 0) {
            throw new IllegalArgumentException("placeholder num must not be negative: " + num);
        }
        return num < CACHED.length ? CACHED[num] : build(num);
    }

    /**
     * True for any JSON object whose {@code _placeholder} member is {@code true}: that is what
     * the reference parser goes by, whatever {@code num} holds.
     */
    public static boolean isPlaceholder(JsonValue v) {
        if (v == null || v.getValueType() != JsonValue.ValueType.OBJECT) {
            return false;
        }
        JsonValue flag = ((JsonObject) v).get(PLACEHOLDER_KEY);
        return flag != null && flag.getValueType() == JsonValue.ValueType.TRUE;
    }

    /**
     * The attachment index a placeholder points to.
     *
     * @throws IllegalArgumentException when {@code placeholder} is no placeholder, or its
     *         {@code num} is not a non-negative integer that fits in an int
     */
    public static int num(JsonValue placeholder) {
        if (!isPlaceholder(placeholder)) {
            throw new IllegalArgumentException("not a placeholder");
        }
        int num = numOrMinusOne((JsonObject) placeholder);
        if (num < 0) {
            throw new IllegalArgumentException("placeholder num is not a non-negative integer");
        }
        return num;
    }

    /** The num of a placeholder, or -1 when it is missing, fractional, negative or too large. */
    static int numOrMinusOne(JsonObject placeholder) {
        JsonValue num = placeholder.get(NUM_KEY);
        if (num == null || num.getValueType() != JsonValue.ValueType.NUMBER) {
            return -1;
        }
        JsonNumber number = (JsonNumber) num;
        if (!number.isIntegral()) {
            return -1;
        }
        try {
            // exact: a scale-0 number with huge digits must not wrap around into range
            return Math.max(-1, number.intValueExact());
        } catch (ArithmeticException tooLarge) {
            return -1;
        }
    }

    private static JsonObject build(int num) {
        return JsonFactories.PROVIDER.createObjectBuilder().add(PLACEHOLDER_KEY, true).add(NUM_KEY, num).build();
    }
}
