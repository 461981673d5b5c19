package dev.sio.socketio.protocol.msgpack;

import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.protocol.Placeholders;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Between the server's JSON (binary values as attachment placeholders, the bytes apart) and
 * {@link WireValues} (Buffers in place, as notepack.io writes and reads them). Used by the cluster
 * codecs and the msgpack parser alike.
 */
public final class JsonWire {

    private static final JsonProvider JSON = JsonFactories.PROVIDER;

    private JsonWire() {
    }

    /** JSON-P to wire values; placeholders replaced by their attachment bytes. */
    public static Object toWire(JsonValue v, List<byte[]> attachments) {
        if (v == null) {
            return null;
        }
        return switch (v.getValueType()) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> number((JsonNumber) v);
            case ARRAY -> {
                JsonArray array = (JsonArray) v;
                List<Object> list = new ArrayList<>(array.size());
                for (int i = 0, n = array.size(); i < n; i++) {
                    list.add(toWire(array.get(i), attachments));
                }
                yield list;
            }
            case OBJECT -> {
                if (Placeholders.isPlaceholder(v) && !attachments.isEmpty()) {
                    int num = Placeholders.num(v);
                    if (num < attachments.size()) {
                        yield attachments.get(num);
                    }
                }
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) v).forEach((k, item) -> map.put(k, toWire(item, attachments)));
                yield map;
            }
        };
    }

    /**
     * Integral numbers that fit in a long as a Long, others as a Double ({@link MsgpackWriter} then
     * writes an integral double such as 3.0 as an integer, as notepack.io does).
     */
    private static Object number(JsonNumber n) {
        BigDecimal d = n.bigDecimalValue();
        return n.isIntegral() && d.precision() - d.scale() <= 18 ? (Object) n.longValue() : (Object) n.doubleValue();
    }

    /** Wire values to JSON-P; each Buffer appended to {@code attachments} and replaced by its placeholder. */
    public static JsonValue toJson(Object v, List<byte[]> attachments) {
        if (v == null || v == WireValues.UNDEFINED) {
            return JsonValue.NULL; // JSON.stringify writes an undefined array element as null too
        } else if (v instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (v instanceof String s) {
            return JSON.createValue(s);
        } else if (v instanceof Double d) {
            return Double.isFinite(d) ? JSON.createValue(d) : JsonValue.NULL;
        } else if (v instanceof Number n) {
            return JSON.createValue(n.longValue());
        } else if (v instanceof byte[] bytes) {
            attachments.add(bytes);
            return Placeholders.placeholder(attachments.size() - 1);
        } else if (v instanceof List<?> list) {
            JsonArrayBuilder a = JSON.createArrayBuilder();
            for (Object o : list) {
                a.add(toJson(o, attachments));
            }
            return a.build();
        } else if (v instanceof Map<?, ?> map) {
            JsonObjectBuilder o = JSON.createObjectBuilder();
            map.forEach((k, item) -> {
                // an undefined member is no member (JSON.stringify leaves it out)
                if (item != WireValues.UNDEFINED) o.add(String.valueOf(k), toJson(item, attachments));
            });
            return o.build();
        }
        throw new IllegalArgumentException("not a wire value: " + v.getClass().getName());
    }
}
