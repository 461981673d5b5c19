package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireLimits;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every message Node's sharded redis-adapter published decodes, and re-encodes to the same bytes. */
class ClusterCodecNodeBytesTest {

    private final ClusterCodec codec = new ClusterCodec(WireLimits.DEFAULT);

    @Test
    void everyShardedMessageReencodesToNodesBytes() throws Exception {
        NodeFixtures fx = NodeFixtures.load("sharded");
        Set<MessageType> seen = EnumSet.noneOf(MessageType.class);
        for (NodeFixtures.Message m : fx.messages()) {
            ClusterMessage msg = codec.decode(m.bytes());
            seen.add(msg.type());
            RedisChannels ch = fx.channels(msg.nsp());
            if (msg.type().isResponse()) {
                assertTrue(m.channel().startsWith(ch.broadcast()) && !m.channel().equals(ch.broadcast()), m.toString());
            } else if (msg.data() instanceof ClusterData.Broadcast b && b.requestId() == null && b.opts().rooms().size() == 1) {
                assertEquals(ch.room(b.opts().rooms().get(0)), m.channel(), m + ": dynamic room channel");
            } else {
                assertEquals(ch.broadcast(), m.channel(), m.toString());
            }
            assertEquals(HexFormat.of().formatHex(m.bytes()), HexFormat.of().formatHex(codec.encode(msg)), m.toString());
        }
        assertEquals(EnumSet.range(MessageType.BROADCAST, MessageType.BROADCAST_ACK), seen,
                "the capture covers every type the sharded adapter sends");
    }

    @Test
    void answersGoToTheRequestersChannel() throws Exception {
        NodeFixtures fx = NodeFixtures.load("sharded");
        List<NodeFixtures.Message> msgs = fx.step("server-side-emit-ack");
        ClusterMessage request = codec.decode(msgs.get(0).bytes());
        ClusterMessage answer = codec.decode(msgs.get(1).bytes());
        assertEquals(fx.channels("/").room(request.uid()), msgs.get(1).channel());
        ClusterData.ServerSideEmitResponse data = assertInstanceOf(ClusterData.ServerSideEmitResponse.class, answer.data());
        assertEquals(((ClusterData.ServerSideEmit) request.data()).requestId(), data.requestId());
        assertEquals(Map.of("from", "B", "got", List.of("with-ack")), data.packet());
    }

    @Test
    void aBinaryBroadcastIsMessagePackOthersAreJson() throws Exception {
        NodeFixtures fx = NodeFixtures.load("sharded");
        byte[] bin = fx.step("broadcast-binary").get(0).bytes();
        assertTrue(bin[0] != '{');
        ClusterData.Broadcast b = (ClusterData.Broadcast) codec.decode(bin).data();
        assertArrayEquals(new byte[] {1, 2, 3, (byte) 255}, (byte[]) ((List<?>) b.packet().data()).get(1));
        assertNull(b.packet().nsp(), "the sharded adapter ships the packet before the namespace is set");
        assertEquals('{', fx.step("broadcast-all").get(0).bytes()[0]);
    }

    @Test
    void aHeartbeatCarriesNoData() {
        ClusterMessage m = new ClusterMessage(MessageType.HEARTBEAT, null, "u", "/");
        assertEquals("{\"type\":2,\"uid\":\"u\",\"nsp\":\"/\"}", new String(codec.encode(m)));
    }
}
