package dev.sio.socketio.protocol.msgpack;

import dev.sio.socketio.protocol.EncodedPacket;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketType;
import dev.sio.socketio.protocol.Parser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parser of npm's {@code socket.io-msgpack-parser} 3.x: each packet is one MessagePack map
 * {@code {type, data, nsp, id}} in one binary Engine.IO message (on polling, a {@code b}-prefixed
 * base64 part of the payload), binary values inline as MessagePack bin. There are no BINARY_EVENT
 * or BINARY_ACK packets on this wire: an EVENT or ACK simply holds the bytes.
 *
 * <p>Inside the server a packet keeps the default model (JSON with placeholders, the bytes apart),
 * so everything above the parser is the same for both; this class converts at the edge. Stateless
 * and thread-safe; the decoders it makes hold no state between messages either.
 */
public final class MsgpackParser implements Parser {

    public static final String NAME = "msgpack";

    /** One message is already bounded by the Engine.IO payload limit; these bound its nesting and element count. */
    private static final WireLimits LIMITS = WireLimits.DEFAULT;

    private final MsgpackWriter writer = new MsgpackWriter();

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The map's keys in the order Node's server writes them, so that the bytes are Node's: an ack
     * {@code {id, type, data, nsp}} (Socket#ack), everything else {@code {type, data, id, nsp}} (Socket#emit,
     * broadcasts, CONNECT, a middleware's CONNECT_ERROR, DISCONNECT), absent fields left out. Node's
     * own order differs in two places only, where key order means nothing to a client: "Invalid
     * namespace" (nsp before data) and a broadcast with ack (id last).
     */
    @Override
    public EncodedPacket encode(Packet packet) {
        Map<String, Object> map = new LinkedHashMap<>(8);
        PacketType type = wireType(packet.type());
        Object data = packet.data() == null ? null : JsonWire.toWire(packet.data(), packet.attachments());
        if (type == PacketType.ACK) {
            map.put("id", packet.id());
        }
        map.put("type", (long) type.code());
        if (data != null) {
            map.put("data", data);
        }
        if (packet.id() != null && type != PacketType.ACK) {
            map.put("id", packet.id());
        }
        map.put("nsp", packet.namespace());
        return new EncodedPacket(null, List.of(writer.write(map)));
    }

    /** The attachments travel inline: on this wire the binary types are plain EVENT and ACK. */
    private static PacketType wireType(PacketType type) {
        return switch (type) {
            case BINARY_EVENT -> PacketType.EVENT;
            case BINARY_ACK -> PacketType.ACK;
            default -> type;
        };
    }

    /** The attachment limit does not apply: nothing is awaited, the whole packet is in one message. */
    @Override
    public Decoder newDecoder(int maxAttachments) {
        return new MsgpackPacketDecoder(MsgpackReader.keepingUndefined(LIMITS));
    }

    @Override
    public String toString() {
        return NAME;
    }
}
