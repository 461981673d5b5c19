package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.JsonWire;
import dev.sio.socketio.protocol.msgpack.WireFormatException;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketType;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Between the server's {@link Packet} (JSON with attachment placeholders, bytes apart) and the
 * cluster's {@link WirePacket} (Buffers in place, as Node ships them). Node sends binary events as
 * type 2 (EVENT) with the Buffers inline and lets each receiving node's encoder make them
 * BINARY_EVENTs; so do we.
 */
public final class PacketBridge {

    private PacketBridge() {
    }

    /** The wire form of an event or ack packet: attachments put back where their placeholders stand. */
    public static WirePacket toWire(Packet packet) {
        long type = switch (packet.type()) {
            case BINARY_EVENT -> PacketType.EVENT.code();
            case BINARY_ACK -> PacketType.ACK.code();
            default -> packet.type().code();
        };
        return new WirePacket(type, JsonWire.toWire(packet.data(), packet.attachments()), packet.namespace(), packet.id());
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
        JsonValue data = JsonWire.toJson(wire.data(), attachments);
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
}
