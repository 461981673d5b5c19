package dev.sio.cluster;

import dev.sio.socketio.protocol.msgpack.JsonWire;

import dev.sio.cluster.wire.PacketBridge;
import dev.sio.cluster.wire.RemoteSocket;
import dev.sio.cluster.wire.WireOptions;
import dev.sio.socketio.broadcast.Arguments;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.SocketSnapshot;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Between the server's adapter values (options, arguments, socket snapshots: JSON with attachments
 * apart) and the wire values Node's adapters ship (Buffers in place). Stateless.
 */
final class WireConversions {

    private WireConversions() {
    }

    /**
     * Node's serialized options: {@code flags} as its BroadcastOperator holds them ({@code {}} by
     * default, {@code volatile: true}, {@code timeout: ms}); never {@code local} (a local operation
     * is not published).
     */
    static WireOptions toWire(BroadcastOptions options) {
        Map<String, Object> flags = new LinkedHashMap<>();
        if (options.isVolatile()) flags.put("volatile", true);
        if (options.timeout() != null) flags.put("timeout", options.timeout().toMillis());
        return new WireOptions(List.copyOf(options.rooms()), List.copyOf(options.except()), flags);
    }

    /** As Node's classic fetch/join/leave/disconnect requests: {@code {rooms, except}}, no flags. */
    static WireOptions toWireWithoutFlags(BroadcastOptions options) {
        return new WireOptions(List.copyOf(options.rooms()), List.copyOf(options.except()), null);
    }

    /** What another node asked for, to be run on this node only. */
    static BroadcastOptions fromWire(WireOptions wire) {
        Map<String, Object> flags = wire.flags() == null ? Map.of() : wire.flags();
        boolean isVolatile = Boolean.TRUE.equals(flags.get("volatile"));
        Duration timeout = flags.get("timeout") instanceof Number n && n.longValue() > 0 ? Duration.ofMillis(n.longValue()) : null;
        return new BroadcastOptions(new LinkedHashSet<>(wire.rooms()), new LinkedHashSet<>(wire.except()), true, isVolatile, timeout);
    }

    /** Arguments as a wire list (Buffers in place of their placeholders). */
    static List<Object> toWire(Arguments args) {
        Object list = JsonWire.toWire(args.values(), args.attachments());
        return list instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    /** A wire list as arguments. */
    static Arguments arguments(List<Object> wire) {
        List<byte[]> attachments = new ArrayList<>();
        JsonValue json = JsonWire.toJson(wire, attachments);
        return new Arguments((JsonArray) json, attachments);
    }

    /** The first argument of an answer: all of an acknowledgement that travels between nodes, as in Node. */
    static Object firstArgument(Arguments answer) {
        if (answer == null || answer.values().isEmpty()) return null;
        return JsonWire.toWire(answer.values().get(0), answer.attachments());
    }

    /** One value from another node (a client's or a handler's first answer) as arguments of one. */
    static Arguments single(Object wireValue) {
        List<Object> one = new ArrayList<>(1);
        one.add(wireValue);
        return arguments(one);
    }

    /** A local socket as other nodes get it: never with a bearer token. */
    static RemoteSocket toWire(SocketSnapshot s) {
        @SuppressWarnings("unchecked")
        Map<String, Object> handshake = (Map<String, Object>) JsonWire.toWire(s.handshake(), List.of());
        Object data = JsonWire.toWire(s.data(), List.of());
        return new RemoteSocket(s.id(), handshake, List.copyOf(s.rooms()), data).withoutAuthToken();
    }

    /** A socket another node reported (Buffers in its data become placeholders without their bytes). */
    static SocketSnapshot fromWire(RemoteSocket r) {
        JsonValue handshake = JsonWire.toJson(r.withoutAuthToken().handshake(), new ArrayList<>());
        JsonValue data = JsonWire.toJson(r.data(), new ArrayList<>());
        return new SocketSnapshot(r.id(), handshake instanceof JsonObject h ? h : null, new LinkedHashSet<>(r.rooms()), data);
    }
}
