package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireFormatException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reads from a decoded JSON or MessagePack object, with errors that name the field. */
final class Fields {

    private final Map<?, ?> map;
    private final String what;

    private Fields(Map<?, ?> map, String what) {
        this.map = map;
        this.what = what;
    }

    static Fields of(Object value, String what) throws WireFormatException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new WireFormatException(what + " is not an object");
        }
        return new Fields(m, what);
    }

    boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    Object raw(String key) {
        return map.get(key);
    }

    Fields object(String key) throws WireFormatException {
        return of(map.get(key), what + "." + key);
    }

    long integer(String key) throws WireFormatException {
        Object v = map.get(key);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && Math.floor(d) == d) {
            return d.longValue();
        }
        throw new WireFormatException(what + "." + key + " is not an integer");
    }

    String string(String key) throws WireFormatException {
        if (map.get(key) instanceof String s) {
            return s;
        }
        throw new WireFormatException(what + "." + key + " is not a string");
    }

    /** A string, or null when absent (JSON drops undefined). */
    String optString(String key) throws WireFormatException {
        return map.get(key) == null ? null : string(key);
    }

    boolean bool(String key) throws WireFormatException {
        Object v = map.get(key);
        if (v == null) {
            return false; // JavaScript reads a missing flag as false
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new WireFormatException(what + "." + key + " is not a boolean");
    }

    List<Object> list(String key) throws WireFormatException {
        if (map.get(key) instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        throw new WireFormatException(what + "." + key + " is not an array");
    }

    /** Room names: strings, or numbers as JavaScript prints them (Node allows numeric rooms); empty when absent. */
    List<String> rooms(String key) throws WireFormatException {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new WireFormatException(what + "." + key + " is not an array");
        }
        List<String> rooms = new ArrayList<>(l.size());
        for (Object o : l) {
            if (o instanceof String s) {
                rooms.add(s);
            } else if (o instanceof Number n) {
                rooms.add(JsonWriter.jsNumber(n.doubleValue()));
            } else {
                throw new WireFormatException(what + "." + key + " holds a " + (o == null ? "null" : "non-string"));
            }
        }
        return rooms;
    }
}
