package dev.sio.socketio.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Map;

/**
 * Writes a {@link JsonValue} straight into a StringBuilder, compact and escaped the way
 * JavaScript's {@code JSON.stringify} does it.
 *
 * <p>Why not {@code JsonValue.toString()}: that builds a writer, a generator and a separate
 * String per call, which the encoder would then copy again into its own builder. Writing
 * ourselves keeps encoding at one builder, and makes the output independent of the provider's
 * escaping choices (clients compare our text with what Node would send).
 */
final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    static void append(StringBuilder out, JsonValue value) {
        switch (value.getValueType()) {
            case OBJECT -> appendObject(out, (JsonObject) value);
            case ARRAY -> appendArray(out, (JsonArray) value);
            case STRING -> appendString(out, ((JsonString) value).getString());
            // the provider keeps the number's text ("2.50" stays "2.50"); int-backed ones print digits
            case NUMBER -> out.append(value.toString());
            case TRUE -> out.append("true");
            case FALSE -> out.append("false");
            case NULL -> out.append("null");
        }
    }

    private static void appendObject(StringBuilder out, JsonObject object) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonValue> member : object.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, member.getKey());
            out.append(':');
            append(out, member.getValue());
        }
        out.append('}');
    }

    private static void appendArray(StringBuilder out, JsonArray array) {
        out.append('[');
        // index access: the provider's arrays are random-access lists, and this skips an iterator
        for (int i = 0, n = array.size(); i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            append(out, array.get(i));
        }
        out.append(']');
    }

    /**
     * A quoted string. Escapes what JSON requires (quote, backslash, control characters) plus
     * unpaired surrogates, as {@code JSON.stringify} does since ES2019; everything else,
     * including non-ASCII, is written as is. Runs of plain characters are copied in one go.
     */
    static void appendString(StringBuilder out, String s) {
        out.append('"');
        int plainFrom = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a proper pair: plain text
                continue;
            }
            out.append(s, plainFrom, i);
            plainFrom = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                        .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            }
        }
        out.append(s, plainFrom, length).append('"');
    }
}
