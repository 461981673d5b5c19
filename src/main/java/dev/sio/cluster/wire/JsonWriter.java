package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireValues;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link WireValues} as Node's {@code JSON.stringify} does: no spaces, keys in insertion
 * order, JavaScript's number forms (1e+21, 1.5e-7, 100 for 100.0, null for NaN), only {@code "},
 * {@code \} and control characters escaped (lower-case \\u00xx), lone surrogates as \\udxxx, and a
 * Buffer as {@code {"type":"Buffer","data":[...]}}. Stateless.
 */
public final class JsonWriter {

    public byte[] write(Object value) {
        return writeString(value).getBytes(StandardCharsets.UTF_8);
    }

    public String writeString(Object value) {
        StringBuilder sb = new StringBuilder(64);
        write(sb, value);
        return sb.toString();
    }

    private void write(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof CharSequence s) {
            string(sb, s);
        } else if (value instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            sb.append(jsNumber(((Number) value).doubleValue()));
        } else if (value instanceof Number n) {
            sb.append(n.longValue());
        } else if (value instanceof byte[] bytes) {
            sb.append("{\"type\":\"Buffer\",\"data\":[");
            for (int i = 0; i < bytes.length; i++) {
                sb.append(i == 0 ? "" : ",").append(bytes[i] & 0xff);
            }
            sb.append("]}");
        } else if (value instanceof List<?> list) {
            sb.append('[');
            boolean first = true;
            for (Object o : list) {
                sb.append(first ? "" : ",");
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else {
            throw new IllegalArgumentException("not a wire value: " + value.getClass().getName());
        }
    }

    private static void string(StringBuilder sb, CharSequence s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean isLoneSurrogate(CharSequence s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    /**
     * The fewest significant digits that read back as the same double, nearest to it (what JavaScript
     * prints). Double.toString is not always shortest before Java 19 (4.9E-324 for 5e-324).
     */
    private static BigDecimal shortest(double positive) {
        BigDecimal exact = new BigDecimal(positive);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal candidate = exact.round(new java.math.MathContext(digits, java.math.RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == positive) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /** JavaScript's Number.prototype.toString for finite numbers (ECMA-262 Number::toString), "null" otherwise. */
    static String jsNumber(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal exact = shortest(Math.abs(d));
        String digits = exact.unscaledValue().toString();
        int k = digits.length();
        int n = k - exact.scale(); // value = 0.digits x 10^n
        StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
        if (k <= n && n <= 21) {
            sb.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            sb.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            sb.append(digits.charAt(0));
            if (k > 1) {
                sb.append('.').append(digits, 1, k);
            }
            int e = n - 1;
            sb.append('e').append(e < 0 ? "-" : "+").append(Math.abs(e));
        }
        return sb.toString();
    }
}
