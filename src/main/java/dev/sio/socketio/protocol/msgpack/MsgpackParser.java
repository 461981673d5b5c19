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
     * The map's keys in the order Node's server writes a broadcast ({@code type, data, nsp}, then
     * {@code id} when set); absent fields are left out rather than written as undefined.
     */
    @Override
    public EncodedPacket encode(Packet packet) {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("type", (long) wireType(packet.type()).code());
        if (packet.data() != null) {
            map.put("data", JsonWire.toWire(packet.data(), packet.attachments()));
        }
        map.put("nsp", packet.namespace());
        if (packet.id() != null) {
            map.put("id", packet.id());
        }
        return new EncodedPacket(null, List.of(writer.write(map)));
    }

    /** The attachments travel inline: on this wire the binary types are plain EVENT and ACK. */
    static PacketType wireType(PacketType type) {
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
