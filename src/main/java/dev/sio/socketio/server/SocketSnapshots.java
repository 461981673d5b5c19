package dev.sio.socketio.server;

import dev.sio.log.LogSafe;
import dev.sio.socketio.broadcast.SocketSnapshot;
import dev.sio.socketio.protocol.JsonFactories;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A local socket as fetchSockets reports it, in the shape Node's {@code RemoteSocket} has, so that
 * a cluster adapter can ship it to Node peers as it is.
 */
final class SocketSnapshots {

    private static final Logger LOG = System.getLogger(SocketSnapshots.class.getName());
    private static final JsonProvider JSON = JsonFactories.PROVIDER;

    private SocketSnapshots() {
    }

    static SocketSnapshot of(Socket socket) {
        return new SocketSnapshot(socket.id(), handshake(socket.handshake()), socket.rooms(), data(socket));
    }

    /**
     * Node's {@code socket.handshake}: headers and query with one string per name (values of a
     * repeated name joined by ", " as Node's HTTP parser does), time, address, xdomain, secure,
     * issued (ms), url, and the auth payload without its {@code token}: bearer tokens never leave
     * the node that verified them.
     */
    static JsonObject handshake(Handshake handshake) {
        JsonObjectBuilder out = JSON.createObjectBuilder();
        out.add("headers", joined(handshake.headers(), true));
        out.add("time", handshake.time().toString());
        out.add("address", handshake.address() == null ? "" : handshake.address());
        out.add("xdomain", handshake.header("origin") != null);
        out.add("secure", handshake.secure());
        out.add("issued", handshake.time().toEpochMilli());
        out.add("url", handshake.url() == null ? "" : handshake.url());
        out.add("query", joined(handshake.query(), false));
        JsonObjectBuilder auth = JSON.createObjectBuilder(handshake.auth());
        auth.remove("token");
        out.add("auth", auth);
        return out.build();
    }

    private static JsonObject joined(Map<String, List<String>> values, boolean lowerCaseNames) {
        JsonObjectBuilder out = JSON.createObjectBuilder();
        if (values == null) return out.build();
        values.forEach((name, list) -> {
            if (name == null || list == null || list.isEmpty()) return;
            out.add(lowerCaseNames ? name.toLowerCase(java.util.Locale.ROOT) : name, String.join(", ", list));
        });
        return out.build();
    }

    /** The attributes JSON can carry; a binary one or one that cannot be mapped is left out (and logged). */
    private static JsonObject data(Socket socket) {
        JsonObjectBuilder out = JSON.createObjectBuilder();
        for (Map.Entry<String, Object> entry : socket.attributes().entrySet()) {
            List<byte[]> binaries = new ArrayList<>(0);
            try {
                JsonValue value = socket.namespace().server().mapper().toJson(entry.getValue(), binaries);
                if (binaries.isEmpty()) out.add(entry.getKey(), value);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Attribute {0} of socket {1} left out of its snapshot: {2}",
                        LogSafe.text(entry.getKey()), socket.id(), LogSafe.text(String.valueOf(e.getMessage())));
            }
        }
        return out.build();
    }
}
