package dev.sio.socketio.server;

import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.protocol.Placeholders;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.lang.reflect.Array;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps between Java values and Socket.IO payloads: JSON-P values plus binary attachments, which
 * stand in the JSON as placeholders. Plain values, maps, lists and arrays are mapped directly;
 * other objects go through JSON-B. Thread-safe; one per server.
 */
public final class PayloadMapper {

    private static final JsonProvider JSON = JsonFactories.PROVIDER;

    private final Jsonb jsonb;

    public PayloadMapper() {
        this(JsonbBuilder.create());
    }

    public PayloadMapper(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    /**
     * Runs one mapping each way through JSON-B, so that its lazy set-up (hundreds of milliseconds on
     * a cold server) happens at start and not inside the first client's event.
     */
    public PayloadMapper warmUp() {
        List<byte[]> attachments = new ArrayList<>();
        toJson(new WarmUp("warm", 1), attachments);
        fromJson(JSON.createObjectBuilder().add("name", "warm").add("count", 1).build(), attachments, WarmUp.class);
        fromJson(JsonValue.TRUE, attachments, Boolean.class);
        return this;
    }

    /** A small JSON-B-bound type for {@link #warmUp()}. */
    public static final class WarmUp {
        public String name;
        public int count;

        public WarmUp() {
        }

        WarmUp(String name, int count) {
            this.name = name;
            this.count = count;
        }
    }

    /** A JSON array plus the attachments its placeholders point at. */
    public record Mapped(JsonArray array, List<byte[]> attachments) {
    }

    /** Builds {@code [head, ...args]} (head omitted when null), extracting binaries. */
    public Mapped toArray(String head, Object[] args) {
        List<byte[]> attachments = new ArrayList<>(0);
        JsonArrayBuilder array = JSON.createArrayBuilder();
        if (head != null) array.add(head);
        if (args != null) {
            for (Object arg : args) array.add(toJson(arg, attachments));
        }
        return new Mapped(array.build(), attachments.isEmpty() ? List.of() : attachments);
    }

    /** One value to JSON; binaries are appended to {@code attachments} and replaced by placeholders. */
    public JsonValue toJson(Object value, List<byte[]> attachments) {
        if (value == null) return JsonValue.NULL;
        if (value instanceof JsonValue json) return json;
        if (value instanceof String s) return JSON.createValue(s);
        if (value instanceof Boolean b) return b ? JsonValue.TRUE : JsonValue.FALSE;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return JSON.createValue(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // JSON.stringify writes NaN and infinities as null
            if (Double.isNaN(d) || Double.isInfinite(d)) return JsonValue.NULL;
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return JSON.createValue((long) d);
            return JSON.createValue(d);
        }
        if (value instanceof BigDecimal n) return JSON.createValue(n);
        if (value instanceof BigInteger n) return JSON.createValue(n);
        if (value instanceof byte[] bytes) return attach(bytes, attachments);
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return attach(bytes, attachments);
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JSON.createObjectBuilder();
            map.forEach((k, v) -> object.add(String.valueOf(k), toJson(v, attachments)));
            return object.build();
        }
        if (value instanceof Collection<?> items) {
            JsonArrayBuilder array = JSON.createArrayBuilder();
            for (Object item : items) array.add(toJson(item, attachments));
            return array.build();
        }
        if (value.getClass().isArray()) {
            JsonArrayBuilder array = JSON.createArrayBuilder();
            int length = Array.getLength(value);
            for (int i = 0; i < length; i++) array.add(toJson(Array.get(value, i), attachments));
            return array.build();
        }
        if (value instanceof Character c) return JSON.createValue(c.toString());
        if (value instanceof Enum<?> e) return JSON.createValue(e.name());
        return JSON.createReader(new StringReader(jsonb.toJson(value))).readValue();
    }

    private static JsonValue attach(byte[] bytes, List<byte[]> attachments) {
        attachments.add(bytes);
        return Placeholders.placeholder(attachments.size() - 1);
    }

    /**
     * One payload value to the Java type a handler declares.
     *
     * @throws IllegalArgumentException when the value does not fit the type
     */
    @SuppressWarnings("unchecked")
    public <T> T fromJson(JsonValue value, List<byte[]> attachments, Type type) {
        if (type instanceof Class<?> cls) {
            if (cls == byte[].class) {
                if (Placeholders.isPlaceholder(value)) return (T) attachment(value, attachments);
                throw new IllegalArgumentException("expected binary data");
            }
            if (cls == ByteBuffer.class && Placeholders.isPlaceholder(value)) {
                return (T) ByteBuffer.wrap(attachment(value, attachments));
            }
            if (JsonValue.class.isAssignableFrom(cls)) {
                if (cls.isInstance(value)) return (T) value;
                throw new IllegalArgumentException("expected " + cls.getSimpleName());
            }
            if (cls == String.class) {
                if (value instanceof JsonString s) return (T) s.getString();
                if (value.getValueType() == JsonValue.ValueType.NULL) return null;
                throw new IllegalArgumentException("expected a string");
            }
            if (cls == Object.class) return (T) toNatural(value, attachments);
            if (value.getValueType() == JsonValue.ValueType.NULL && !cls.isPrimitive()) return null;
        }
        try {
            return jsonb.fromJson(value.toString(), type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + typeName(type) + " from the payload", e);
        }
    }

    /**
     * A payload value as plain Java: String, BigDecimal, Boolean, null, LinkedHashMap, ArrayList,
     * and byte[] where a placeholder stood. Round-trips through {@link #toJson}.
     */
    public Object toNatural(JsonValue value, List<byte[]> attachments) {
        switch (value.getValueType()) {
            case STRING:
                return ((JsonString) value).getString();
            case NUMBER:
                return ((JsonNumber) value).bigDecimalValue();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case NULL:
                return null;
            case ARRAY: {
                JsonArray array = value.asJsonArray();
                List<Object> list = new ArrayList<>(array.size());
                for (JsonValue item : array) list.add(toNatural(item, attachments));
                return list;
            }
            default: {
                if (Placeholders.isPlaceholder(value)) return attachment(value, attachments);
                JsonObject object = value.asJsonObject();
                Map<String, Object> map = new LinkedHashMap<>();
                object.forEach((k, v) -> map.put(k, toNatural(v, attachments)));
                return map;
            }
        }
    }

    /** Whether a value holds any placeholder (only then does re-sending it need the natural form). */
    public static boolean containsPlaceholder(JsonValue value) {
        switch (value.getValueType()) {
            case ARRAY:
                for (JsonValue item : value.asJsonArray()) if (containsPlaceholder(item)) return true;
                return false;
            case OBJECT:
                if (Placeholders.isPlaceholder(value)) return true;
                for (JsonValue item : value.asJsonObject().values()) if (containsPlaceholder(item)) return true;
                return false;
            default:
                return false;
        }
    }

    private static byte[] attachment(JsonValue placeholder, List<byte[]> attachments) {
        int num = Placeholders.num(placeholder);
        if (num < 0 || num >= attachments.size()) throw new IllegalArgumentException("placeholder without attachment");
        return attachments.get(num);
    }

    private static String typeName(Type type) {
        return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
    }
}
