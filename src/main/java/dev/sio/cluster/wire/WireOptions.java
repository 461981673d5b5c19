package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireFormatException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which sockets an operation targets, as Node serializes BroadcastOptions: sockets in any of
 * {@code rooms} (all when empty) but in none of {@code except}, and the broadcast flags
 * ({@code volatile}, {@code compress}, {@code local}, {@code timeout}, ...).
 *
 * @param flags null when the message has none (Node's classic join/leave/fetch requests);
 *              an empty map when it has an empty object
 */
public record WireOptions(List<String> rooms, List<String> except, Map<String, Object> flags) {

    public WireOptions {
        rooms = List.copyOf(rooms);
        except = List.copyOf(except);
        flags = flags == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(flags));
    }

    /** {rooms, except[, flags]}: the adapters' order. */
    Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rooms", rooms);
        m.put("except", except);
        if (flags != null) {
            m.put("flags", flags);
        }
        return m;
    }

    /** {rooms, flags, except}: the emitter's order in its broadcasts. */
    Map<String, Object> toEmitterWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rooms", rooms);
        m.put("flags", flags == null ? Map.of() : flags);
        m.put("except", except);
        return m;
    }

    @SuppressWarnings("unchecked")
    static WireOptions from(Fields f) throws WireFormatException {
        Object flags = f.raw("flags");
        if (flags != null && !(flags instanceof Map)) {
            throw new WireFormatException("opts.flags is not an object");
        }
        return new WireOptions(f.rooms("rooms"), f.rooms("except"), (Map<String, Object>) flags);
    }
}
