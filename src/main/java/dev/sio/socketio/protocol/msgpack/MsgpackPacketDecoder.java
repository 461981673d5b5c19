package dev.sio.socketio.protocol.msgpack;

import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketType;
import dev.sio.socketio.protocol.Parser;
import dev.sio.socketio.protocol.PayloadRules;
import dev.sio.socketio.protocol.SocketIoProtocolException;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the packets of one connection with the msgpack parser. Accepts what
 * {@code socket.io-msgpack-parser} 3.x accepts (a map with an integer {@code type} 0..4, a string
 * {@code nsp}, {@code data} of the type's shape, an integer {@code id} or none; other keys, such as
 * the client's {@code options}, ignored), and then holds the packet to the same rules as the
 * default parser: namespaces start with '/' and contain no ',', ack ids are 0 to 15 digits, an ACK
 * has an id, event names are strings or numbers and not reserved. Stricter than Node in one more
 * point: an object {@code {"_placeholder": true}} in the data is refused, since inside the server
 * that shape marks where binary data stands.
 */
final class MsgpackPacketDecoder implements Parser.Decoder {

    /** The default parser's bound: 15 digits stay below 2^53, where JavaScript clients lose precision. */
    private static final long MAX_ID = 999_999_999_999_999L;
    private static final String PLACEHOLDER_KEY = "_placeholder";
    private static final Object UNDEFINED = WireValues.UNDEFINED;

    private final MsgpackReader reader;

    MsgpackPacketDecoder(MsgpackReader reader) {
        this.reader = reader;
    }

    @Override
    public Packet decodeText(String text) throws SocketIoProtocolException {
        throw new SocketIoProtocolException("text message: the msgpack parser takes binary messages only");
    }

    @Override
    public Packet decodeBinary(byte[] bytes) throws SocketIoProtocolException {
        Object decoded;
        try {
            decoded = reader.read(bytes);
        } catch (WireFormatException e) {
            // the reader's messages name formats and lengths, never the input's text
            throw new SocketIoProtocolException("invalid MessagePack: " + e.getMessage());
        }
        if (!(decoded instanceof Map<?, ?> map)) {
            throw new SocketIoProtocolException("invalid packet: expected a MessagePack map");
        }
        PacketType type = type(field(map, "type"));
        String namespace = namespace(field(map, "nsp"));
        Object data = field(map, "data");
        checkShape(type, data);
        Long id = id(field(map, "id"), type);
        if (data != UNDEFINED) checkNoPlaceholders(data);

        List<byte[]> attachments = new ArrayList<>(0);
        JsonValue json = data == UNDEFINED ? null : JsonWire.toJson(data, attachments);
        if (!attachments.isEmpty()) {
            type = switch (type) {
                case EVENT -> PacketType.BINARY_EVENT;
                case ACK -> PacketType.BINARY_ACK;
                default -> throw new SocketIoProtocolException("invalid payload for " + type + ": binary values are only carried by events and acks");
            };
        }
        PayloadRules.check(type, json, attachments.size());
        return new Packet(type, namespace, id, json, attachments);
    }

    /**
     * The value of {@code key}: {@link #UNDEFINED} when it is absent or undefined (the same to Node's
     * checks), null for MessagePack nil (which Node's checks tell apart: {@code data: null} is no object).
     */
    private static Object field(Map<?, ?> map, String key) {
        return map.containsKey(key) ? map.get(key) : UNDEFINED;
    }

    private static PacketType type(Object value) throws SocketIoProtocolException {
        Long code = integer(value);
        if (code == null || code < PacketType.CONNECT.code() || code > PacketType.CONNECT_ERROR.code()) {
            throw new SocketIoProtocolException("invalid packet type");
        }
        return PacketType.fromCode(code.intValue());
    }

    private static String namespace(Object value) throws SocketIoProtocolException {
        if (!(value instanceof String nsp)) {
            throw new SocketIoProtocolException("invalid namespace: not a string");
        }
        if (nsp.isEmpty() || nsp.charAt(0) != '/' || nsp.indexOf(',') >= 0) {
            throw new SocketIoProtocolException("invalid namespace: it must start with '/' and contain no ','");
        }
        return nsp;
    }

    /** The shape {@code socket.io-msgpack-parser} demands of {@code data} for each type (its isDataValid). */
    private static void checkShape(PacketType type, Object data) throws SocketIoProtocolException {
        boolean valid = switch (type) {
            case CONNECT -> data == UNDEFINED || data instanceof Map;
            case DISCONNECT -> data == UNDEFINED;
            case CONNECT_ERROR -> data instanceof String || data instanceof Map;
            default -> data instanceof List;
        };
        if (!valid) {
            throw new SocketIoProtocolException("invalid payload for " + type);
        }
    }

    private static Long id(Object value, PacketType type) throws SocketIoProtocolException {
        if (value == UNDEFINED) {
            if (type == PacketType.ACK) throw new SocketIoProtocolException("invalid ack id: ACK without an id");
            return null;
        }
        Long id = integer(value);
        if (id == null || id < 0 || id > MAX_ID) {
            throw new SocketIoProtocolException("invalid ack id: not an integer from 0 to " + MAX_ID);
        }
        return id;
    }

    /** An integer as JavaScript's Number.isInteger sees it (2.0 is one), or null. */
    private static Long integer(Object value) {
        if (value instanceof Long l) return l;
        if (value instanceof Double d && Math.floor(d) == d && Math.abs(d) < 0x1p63) return d.longValue();
        return null;
    }

    private static void checkNoPlaceholders(Object value) throws SocketIoProtocolException {
        if (value instanceof List<?> list) {
            for (Object item : list) checkNoPlaceholders(item);
        } else if (value instanceof Map<?, ?> map) {
            if (Boolean.TRUE.equals(map.get(PLACEHOLDER_KEY))) {
                throw new SocketIoProtocolException("invalid payload: an object with \"_placeholder\": true is reserved");
            }
            for (Object item : map.values()) checkNoPlaceholders(item);
        }
    }
}
