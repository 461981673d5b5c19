package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireFormatException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Socket.IO packet as the adapters ship it: {@code {type, data[, nsp][, id]}}. The data keeps its
 * Buffers as {@code byte[]} (no attachment placeholders: MessagePack carries them in place).
 *
 * @param type the Socket.IO packet type (2 = EVENT)
 * @param nsp  null when absent (the sharded adapter ships packets before the namespace is set)
 * @param id   the acknowledgement id, null when absent
 */
public record WirePacket(long type, Object data, String nsp, Long id) {

    Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("data", data);
        if (nsp != null) {
            m.put("nsp", nsp);
        }
        if (id != null) {
            m.put("id", id);
        }
        return m;
    }

    static WirePacket from(Fields f) throws WireFormatException {
        return new WirePacket(f.integer("type"), f.raw("data"), f.optString("nsp"), f.has("id") ? f.integer("id") : null);
    }
}
