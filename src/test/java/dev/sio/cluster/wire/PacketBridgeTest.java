package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireFormatException;
import dev.sio.socketio.protocol.msgpack.WireLimits;

import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketType;
import dev.sio.socketio.protocol.Placeholders;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Node's broadcasts through the server's packet model and back, to the same bytes. */
class PacketBridgeTest {

    private final ClassicCodec codec = new ClassicCodec(WireLimits.DEFAULT);

    @Test
    void nodesBinaryBroadcastBecomesABinaryEventAndGoesBackToTheSameBytes() throws Exception {
        byte[] node = NodeFixtures.load("classic").step("broadcast-binary").get(0).bytes();
        ClassicBroadcast b = codec.decodeBroadcast(node);

        Packet packet = PacketBridge.toPacket(b.packet(), "/");
        assertEquals(PacketType.BINARY_EVENT, packet.type());
        assertEquals(2, packet.attachments().size());
        assertArrayEquals(new byte[] {1, 2, 3, (byte) 255}, packet.attachments().get(0));
        JsonArray data = (JsonArray) packet.data();
        assertEquals(0, Placeholders.num(data.get(1)));
        assertEquals(1, Placeholders.num(data.getJsonObject(2).get("nested")));

        ClassicBroadcast back = new ClassicBroadcast(b.uid(), PacketBridge.toWire(packet), b.opts());
        assertEquals(HexFormat.of().formatHex(node), HexFormat.of().formatHex(codec.encodeBroadcast(back)));
    }

    @Test
    void everyNodeBroadcastSurvivesTheServerModel() throws Exception {
        for (NodeFixtures.Message m : NodeFixtures.load("classic").messages()) {
            if (m.channel().contains("-request#") || m.channel().contains("-response#")) {
                continue;
            }
            ClassicBroadcast b = codec.decodeBroadcast(m.bytes());
            Packet p = PacketBridge.toPacket(b.packet(), "/");
            byte[] again = codec.encodeBroadcast(new ClassicBroadcast(b.uid(), PacketBridge.toWire(p), b.opts()));
            assertEquals(HexFormat.of().formatHex(m.bytes()), HexFormat.of().formatHex(again), m.toString());
        }
    }

    @Test
    void aPacketWithoutNamespaceTakesTheOneItArrivedFor() throws Exception {
        Packet p = PacketBridge.toPacket(new WirePacket(2, List.of("e", 1L), null, null), "/chat");
        assertEquals("/chat", p.namespace());
        assertEquals(PacketType.EVENT, p.type());
        assertTrue(p.attachments().isEmpty());
    }

    @Test
    void onlyEventsCrossTheCluster() {
        assertThrows(WireFormatException.class, () -> PacketBridge.toPacket(new WirePacket(0, null, "/", null), "/"));
        assertThrows(WireFormatException.class, () -> PacketBridge.toPacket(new WirePacket(99, List.of(), "/", null), "/"));
        assertThrows(WireFormatException.class, () -> PacketBridge.toPacket(new WirePacket(2, "x", "/", null), "/"));
    }
}
