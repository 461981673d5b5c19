package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireFormatException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One socket in a fetchSockets answer: {@code {id, handshake, rooms, data}}. Node ships the whole
 * handshake (headers, time, address, xdomain, secure, issued, url, query, auth).
 */
public record RemoteSocket(String id, Map<String, Object> handshake, List<String> rooms, Object data) {

    public RemoteSocket {
        handshake = handshake == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(handshake));
        rooms = List.copyOf(rooms);
    }

    /** The same socket without {@code handshake.auth.token}: our nodes never publish bearer tokens. */
    public RemoteSocket withoutAuthToken() {
        if (!(handshake.get("auth") instanceof Map<?, ?> auth) || !auth.containsKey("token")) {
            return this;
        }
        Map<String, Object> cleanAuth = new LinkedHashMap<>();
        auth.forEach((k, v) -> {
            if (!"token".equals(k)) {
                cleanAuth.put(String.valueOf(k), v);
            }
        });
        Map<String, Object> h = new LinkedHashMap<>(handshake);
        h.put("auth", cleanAuth);
        return new RemoteSocket(id, h, rooms, data);
    }

    Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("handshake", handshake);
        m.put("rooms", rooms);
        m.put("data", data);
        return m;
    }

    @SuppressWarnings("unchecked")
    static RemoteSocket from(Fields f) throws WireFormatException {
        Object h = f.raw("handshake");
        if (h != null && !(h instanceof Map)) {
            throw new WireFormatException("socket.handshake is not an object");
        }
        return new RemoteSocket(f.string("id"), (Map<String, Object>) h, f.rooms("rooms"), f.raw("data"));
    }

    static List<RemoteSocket> listFrom(List<Object> raw) throws WireFormatException {
        java.util.ArrayList<RemoteSocket> sockets = new java.util.ArrayList<>(raw.size());
        for (Object o : raw) {
            sockets.add(from(Fields.of(o, "socket")));
        }
        return sockets;
    }
}
