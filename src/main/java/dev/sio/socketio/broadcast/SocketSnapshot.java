package dev.sio.socketio.broadcast;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Set;

/**
 * A socket as fetchSockets reports it, from this node or another: what Node's
 * {@code RemoteSocket} carries ({@code {id, handshake, rooms, data}}), in JSON so that it can
 * cross the wire as it is.
 *
 * @param handshake in Node's shape ({@code headers, time, address, xdomain, secure, issued, url,
 *                  query, auth}), {@code auth.token} left out: bearer tokens are never published
 * @param rooms     its rooms, its own id included
 * @param data      its data: here its attributes as an object (those JSON can express); from a Node
 *                  peer whatever its {@code socket.data} is (an object unless the application set another value)
 */
public record SocketSnapshot(String id, JsonObject handshake, Set<String> rooms, JsonValue data) {

    public SocketSnapshot {
        if (id == null) throw new NullPointerException("id");
        handshake = handshake == null ? JsonObject.EMPTY_JSON_OBJECT : handshake;
        rooms = Set.copyOf(rooms);
        data = data == null ? JsonValue.EMPTY_JSON_OBJECT : data;
    }
}
