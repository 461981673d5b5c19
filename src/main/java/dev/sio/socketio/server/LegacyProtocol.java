package dev.sio.socketio.server;

import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.QueryString;
import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketType;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Map;

/**
 * Socket.IO protocol revision 4, spoken by socket.io-client 2.x over Engine.IO 3, where it differs
 * from revision 5 (as the reference server does with {@code allowEIO3}):
 * <ul>
 *   <li>the client joins {@code /} implicitly when the connection opens (the server answers a CONNECT
 *       it never sent);</li>
 *   <li>a CONNECT has no payload; the namespace may carry a query ({@code 0/chat?token=abc,}), which
 *       takes the place of the auth object;</li>
 *   <li>the server's CONNECT answer has no payload ({@code 0/chat,}, no sid);</li>
 *   <li>a CONNECT_ERROR from a middleware carries the error's data, else its message as a JSON string
 *       (an unknown namespace is still answered {@code {"message":"Invalid namespace"}}, as the
 *       reference server does for every client).</li>
 * </ul>
 * Events, acknowledgements, binary packets and DISCONNECT are the same in both.
 */
final class LegacyProtocol {

    /** The query parameter a v2 client's token may also travel in on the Engine.IO handshake URL. */
    static final String TOKEN = "token";

    private LegacyProtocol() {
    }

    /** The namespace of a v2 CONNECT, without its query. */
    static String namespace(String withQuery) {
        int q = withQuery.indexOf('?');
        return q < 0 ? withQuery : withQuery.substring(0, q);
    }

    /**
     * The auth object of a v2 CONNECT: its namespace's query parameters (a repeated name gives an
     * array, as the reference server's query parser does). When that has no {@code token}, the
     * Engine.IO handshake's {@code token} query parameter is taken (a client that set
     * {@code query: {token}} on a Manager shared by several namespaces sends it only there).
     */
    static JsonObject auth(String withQuery, HandshakeInfo handshake) {
        int q = withQuery.indexOf('?');
        Map<String, List<String>> query = q < 0 ? Map.of() : QueryString.parse(withQuery.substring(q + 1));
        JsonObjectBuilder auth = JsonFactories.PROVIDER.createObjectBuilder();
        query.forEach((name, values) -> {
            if (values.size() == 1) {
                auth.add(name, values.get(0));
            } else {
                JsonArrayBuilder all = JsonFactories.PROVIDER.createArrayBuilder();
                values.forEach(all::add);
                auth.add(name, all);
            }
        });
        if (!query.containsKey(TOKEN)) {
            String token = handshake == null ? null : handshake.queryParameter(TOKEN);
            if (token != null) auth.add(TOKEN, token);
        }
        return auth.build();
    }

    /** A packet for this client as revision 4 has it (only CONNECT and CONNECT_ERROR differ). */
    static Packet outgoing(Packet packet) {
        if (packet.type() == PacketType.CONNECT && packet.data() != null) {
            return Packet.connect(packet.namespace(), null);
        }
        if (packet.type() == PacketType.CONNECT_ERROR && packet.data() instanceof JsonObject error) {
            JsonValue data = error.get("data");
            JsonValue message = error.get("message");
            JsonValue payload = data != null && data != JsonValue.NULL ? data
                    : message != null ? message : JsonFactories.PROVIDER.createValue("error");
            return new Packet(PacketType.CONNECT_ERROR, packet.namespace(), null, payload, List.of());
        }
        return packet;
    }
}
