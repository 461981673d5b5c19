package dev.sio.cluster.recovery;

import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.recovery.SessionRecord;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link SessionRecord} as the JSON text a shared store keeps. The socket's attributes go along when
 * they are JSON-like (strings, numbers, booleans, lists and maps of them, JSON-P values); anything else
 * (an object a middleware put there) is left out and logged: the middlewares, which run again on a
 * recovering connection by default, set it again.
 */
final class SessionRecordJson {

    private static final System.Logger LOG = System.getLogger(SessionRecordJson.class.getName());

    private SessionRecordJson() {
    }

    static String write(SessionRecord session) {
        JsonArrayBuilder rooms = JsonFactories.PROVIDER.createArrayBuilder();
        for (String room : session.rooms()) rooms.add(room);
        JsonObjectBuilder data = JsonFactories.PROVIDER.createObjectBuilder();
        for (Map.Entry<String, Object> entry : session.data().entrySet()) {
            JsonValue value = toJson(entry.getValue());
            if (value != null) data.add(entry.getKey(), value);
            else LOG.log(Level.DEBUG, "Attribute {0} of socket {1} is not JSON-like: not kept for recovery", entry.getKey(), session.socketId());
        }
        JsonObjectBuilder json = JsonFactories.PROVIDER.createObjectBuilder()
                .add("pid", session.pid())
                .add("nsp", session.namespace())
                .add("sid", session.socketId())
                .add("rooms", rooms)
                .add("data", data)
                .add("at", session.disconnectedAt());
        if (session.userId() != null) json.add("user", session.userId());
        return json.build().toString();
    }

    static SessionRecord read(String text) {
        JsonObject json = JsonFactories.PROVIDER.createReader(new StringReader(text)).readObject();
        Set<String> rooms = new HashSet<>();
        for (JsonValue room : json.getJsonArray("rooms")) rooms.add(((JsonString) room).getString());
        Map<String, Object> data = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> entry : json.getJsonObject("data").entrySet()) {
            data.put(entry.getKey(), fromJson(entry.getValue()));
        }
        data.values().removeIf(v -> v == null); // SessionRecord's map holds no nulls
        return new SessionRecord(json.getString("pid"), json.getString("nsp"), json.getString("sid"),
                json.getString("user", null), rooms, data, json.getJsonNumber("at").longValue());
    }

    private static JsonValue toJson(Object value) {
        if (value == null) return JsonValue.NULL;
        if (value instanceof JsonValue json) return json;
        if (value instanceof String s) return JsonFactories.PROVIDER.createValue(s);
        if (value instanceof Boolean b) return b ? JsonValue.TRUE : JsonValue.FALSE;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return JsonFactories.PROVIDER.createValue(((Number) value).longValue());
        }
        if (value instanceof Number n) return JsonFactories.PROVIDER.createValue(n.doubleValue());
        if (value instanceof List<?> list) {
            JsonArrayBuilder array = JsonFactories.PROVIDER.createArrayBuilder();
            for (Object item : list) {
                JsonValue json = toJson(item);
                if (json == null) return null;
                array.add(json);
            }
            return array.build();
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JsonFactories.PROVIDER.createObjectBuilder();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                JsonValue json = toJson(entry.getValue());
                if (!(entry.getKey() instanceof String key) || json == null) return null;
                object.add(key, json);
            }
            return object.build();
        }
        return null;
    }

    private static Object fromJson(JsonValue value) {
        return switch (value.getValueType()) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).isIntegral() ? (Object) ((JsonNumber) value).longValue() : ((JsonNumber) value).doubleValue();
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonValue item : (JsonArray) value) list.add(fromJson(item));
                yield list;
            }
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonValue> entry : ((JsonObject) value).entrySet()) map.put(entry.getKey(), fromJson(entry.getValue()));
                yield map;
            }
        };
    }
}
