package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketType;
import dev.sio.socketio.protocol.Placeholders;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Between the server's {@link Packet} (JSON with attachment placeholders, bytes apart) and the
 * cluster's {@link WirePacket} (Buffers in place, as Node ships them). Node sends binary events as
 * type 2 (EVENT) with the Buffers inline and lets each receiving node's encoder make them
 * BINARY_EVENTs; so do we.
 */
public final class PacketBridge {

    private static final JsonProvider JSON = JsonFactories.PROVIDER;

    private PacketBridge() {
    }

    /** The wire form of an event or ack packet: attachments put back where their placeholders stand. */
    public static WirePacket toWire(Packet packet) {
        long type = switch (packet.type()) {
            case BINARY_EVENT -> PacketType.EVENT.code();
            case BINARY_ACK -> PacketType.ACK.code();
            default -> packet.type().code();
        };
        return new WirePacket(type, toWireValue(packet.data(), packet.attachments()), packet.namespace(), packet.id());
    }

    /**
     * The server's form of a packet from the wire: Buffers become attachments (in document order)
     * with placeholders, and an EVENT/ACK with any becomes BINARY_EVENT/BINARY_ACK.
     *
     * @param nsp the namespace the packet arrived for (the sharded adapter ships packets without one)
     * @throws WireFormatException when the packet type is unknown or not an event/ack
     */
    public static Packet toPacket(WirePacket wire, String nsp) throws WireFormatException {
        PacketType type;
        try {
            type = PacketType.fromCode((int) wire.type());
        } catch (Exception e) {
            throw new WireFormatException("unknown packet type " + wire.type());
        }
        if (type != PacketType.EVENT && type != PacketType.ACK && !type.isBinary()) {
            throw new WireFormatException("a cluster broadcast must be an event, not " + type);
        }
        List<byte[]> attachments = new ArrayList<>();
        JsonValue data = toJson(wire.data(), attachments);
        if (!(data instanceof JsonArray)) {
            throw new WireFormatException("event data is not an array");
        }
        if (!attachments.isEmpty()) {
            type = type == PacketType.ACK || type == PacketType.BINARY_ACK ? PacketType.BINARY_ACK : PacketType.BINARY_EVENT;
        } else if (type.isBinary()) {
            type = type == PacketType.BINARY_ACK ? PacketType.ACK : PacketType.EVENT;
        }
        return new Packet(type, wire.nsp() != null ? wire.nsp() : nsp, wire.id(), data, attachments);
    }

    /** JSON-P to wire values; placeholders replaced by their attachment bytes. */
    public static Object toWireValue(JsonValue v, List<byte[]> attachments) {
        if (v == null) {
            return null;
        }
        return switch (v.getValueType()) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> {
                JsonNumber n = (JsonNumber) v;
                yield n.isIntegral() && n.bigDecimalValue().precision() - n.bigDecimalValue().scale() <= 18
                        ? (Object) n.longValue() : (Object) n.doubleValue();
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(((JsonArray) v).size());
                for (JsonValue item : (JsonArray) v) {
                    list.add(toWireValue(item, attachments));
                }
                yield list;
            }
            case OBJECT -> {
                if (Placeholders.isPlaceholder(v) && !attachments.isEmpty()) {
                    int num = Placeholders.num(v);
                    if (num < attachments.size()) {
                        yield attachments.get(num);
                    }
                }
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) v).forEach((k, item) -> map.put(k, toWireValue(item, attachments)));
                yield map;
            }
        };
    }

    /** Wire values to JSON-P; each Buffer appended to {@code attachments} and replaced by its placeholder. */
    public static JsonValue toJson(Object v, List<byte[]> attachments) {
        if (v == null) {
            return JsonValue.NULL;
        } else if (v instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (v instanceof String s) {
            return JSON.createValue(s);
        } else if (v instanceof Double d) {
            return Double.isFinite(d) ? JSON.createValue(d) : JsonValue.NULL;
        } else if (v instanceof Number n) {
            return JSON.createValue(n.longValue());
        } else if (v instanceof byte[] bytes) {
            attachments.add(bytes);
            return Placeholders.placeholder(attachments.size() - 1);
        } else if (v instanceof List<?> list) {
            JsonArrayBuilder a = JSON.createArrayBuilder();
            for (Object o : list) {
                a.add(toJson(o, attachments));
            }
            return a.build();
        } else if (v instanceof Map<?, ?> map) {
            JsonObjectBuilder o = JSON.createObjectBuilder();
            map.forEach((k, item) -> o.add(String.valueOf(k), toJson(item, attachments)));
            return o.build();
        }
        throw new IllegalArgumentException("not a wire value: " + v.getClass().getName());
    }
}
