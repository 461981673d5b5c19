package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireLimits;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every message Node's classic redis-adapter and redis-emitter published decodes, and re-encodes to the same bytes. */
class ClassicCodecNodeBytesTest {

    private final ClassicCodec codec = new ClassicCodec(WireLimits.DEFAULT);

    @Test
    void everyClassicAdapterMessageReencodesToNodesBytes() throws Exception {
        Set<RequestType> seen = roundTripAll(NodeFixtures.load("classic"), false);
        assertEquals(EnumSet.range(RequestType.ALL_ROOMS, RequestType.BROADCAST_ACK), seen,
                "the capture covers every request and response type Node 8.3 sends");
    }

    @Test
    void everyEmitterMessageReencodesToNodesBytes() throws Exception {
        Set<RequestType> seen = roundTripAll(NodeFixtures.load("emitter"), true);
        assertEquals(EnumSet.of(RequestType.REMOTE_JOIN, RequestType.REMOTE_LEAVE, RequestType.REMOTE_DISCONNECT,
                RequestType.SERVER_SIDE_EMIT), seen);
    }

    /** Decodes each message by its channel, re-encodes it, and compares bytes; returns the request/response types met. */
    private Set<RequestType> roundTripAll(NodeFixtures fx, boolean emitter) throws Exception {
        Map<String, RequestType> pending = new HashMap<>();
        Set<RequestType> seen = EnumSet.noneOf(RequestType.class);
        for (NodeFixtures.Message m : fx.messages()) {
            String nsp = m.channel().split("#")[1];
            RedisChannels ch = fx.channels(nsp);
            byte[] again;
            if (m.channel().equals(ch.request())) {
                ClassicRequest r = codec.decodeRequest(m.bytes());
                if (r instanceof ClassicRequest.RemoteFetch f) {
                    pending.put(f.requestId(), r.type());
                } else if (r instanceof ClassicRequest.AllRooms a) {
                    pending.put(a.requestId(), r.type());
                }
                seen.add(r.type());
                again = codec.encodeRequest(r);
            } else if (m.channel().equals(ch.response())) {
                ClassicResponse r = codec.decodeResponse(m.bytes(), pending::get);
                assertNotNull(r, m + ": an answer to a request of the capture");
                seen.add(responseType(r));
                again = codec.encodeResponse(r);
            } else {
                ClassicBroadcast b = codec.decodeBroadcast(m.bytes());
                List<String> rooms = b.opts().rooms();
                assertEquals(rooms.size() == 1 ? ch.room(rooms.get(0)) : ch.broadcast(), m.channel(),
                        m + ": single-room broadcasts go to the room's channel");
                assertEquals(rooms.size() == 1 ? rooms.get(0) : "", ch.roomOf(m.channel()));
                assertEquals(nsp, b.packet().nsp());
                again = emitter ? codec.encodeEmitterBroadcast(b) : codec.encodeBroadcast(b);
            }
            assertEquals(HexFormat.of().formatHex(m.bytes()), HexFormat.of().formatHex(again), m.toString());
        }
        return seen;
    }

    private static RequestType responseType(ClassicResponse r) {
        if (r instanceof ClassicResponse.FetchSockets) {
            return RequestType.REMOTE_FETCH;
        } else if (r instanceof ClassicResponse.AllRooms) {
            return RequestType.ALL_ROOMS;
        } else if (r instanceof ClassicResponse.ServerSideEmit) {
            return RequestType.SERVER_SIDE_EMIT;
        } else if (r instanceof ClassicResponse.ClientCount) {
            return RequestType.BROADCAST_CLIENT_COUNT;
        } else if (r instanceof ClassicResponse.BroadcastAck) {
            return RequestType.BROADCAST_ACK;
        }
        return RequestType.SOCKETS;
    }

    @Test
    void aBinaryArgumentArrivesAsBytesInPlace() throws Exception {
        NodeFixtures fx = NodeFixtures.load("classic");
        ClassicBroadcast b = codec.decodeBroadcast(fx.step("broadcast-binary").get(0).bytes());
        List<?> data = (List<?>) b.packet().data();
        assertEquals("bin", data.get(0));
        assertArrayEquals(new byte[] {1, 2, 3, (byte) 255}, (byte[]) data.get(1));
        assertEquals(300, ((byte[]) ((Map<?, ?>) data.get(2)).get("nested")).length);
    }

    @Test
    void aRoomBroadcastFromASocketExceptsTheSender() throws Exception {
        NodeFixtures fx = NodeFixtures.load("classic");
        ClassicBroadcast b = codec.decodeBroadcast(fx.step("broadcast-from-socket").get(0).bytes());
        String sender = (String) ((List<?>) b.packet().data()).get(1);
        assertEquals(List.of(sender), b.opts().except());
        assertEquals(List.of("room1"), b.opts().rooms());
        assertEquals(Map.of(), b.opts().flags());
    }

    @Test
    void numbersKeepTheirJavaScriptForms() throws Exception {
        ClassicBroadcast b = codec.decodeBroadcast(NodeFixtures.load("classic").step("broadcast-all").get(0).bytes());
        Map<?, ?> obj = (Map<?, ?>) ((List<?>) b.packet().data()).get(3);
        assertEquals(3.5, obj.get("three"));
        assertEquals(-200L, obj.get("neg"));
        assertEquals(1L << 40, obj.get("big"));
    }

    @Test
    void fetchSocketsAnswersCarryTheHandshakeAndOursDropTheToken() throws Exception {
        NodeFixtures fx = NodeFixtures.load("classic");
        List<NodeFixtures.Message> msgs = fx.step("fetch-sockets");
        ClassicRequest.RemoteFetch req = (ClassicRequest.RemoteFetch) codec.decodeRequest(msgs.get(0).bytes());
        ClassicResponse.FetchSockets res = (ClassicResponse.FetchSockets) codec.decodeResponse(msgs.get(1).bytes(),
                id -> id.equals(req.requestId()) ? RequestType.REMOTE_FETCH : null);
        RemoteSocket s = res.sockets().get(0);
        Map<?, ?> auth = (Map<?, ?>) s.handshake().get("auth");
        assertEquals("secret-token-of-B", auth.get("token"), "Node ships the token");
        assertTrue(s.rooms().contains("room1"));

        RemoteSocket ours = s.withoutAuthToken();
        byte[] encoded = codec.encodeResponse(new ClassicResponse.FetchSockets(req.requestId(), List.of(ours)));
        String json = new String(encoded, StandardCharsets.UTF_8);
        assertFalse(json.contains("secret-token"), json);
        assertTrue(json.contains("\"auth\":{\"rooms\":[\"room1\",\"lobby\"]}"), json);
        assertEquals(s.handshake().get("headers"), ours.handshake().get("headers"));
    }

    @Test
    void anAnswerToSomeoneElsesRequestIsNull() throws Exception {
        NodeFixtures.Message answer = NodeFixtures.load("classic").step("all-rooms").get(1);
        assertEquals(null, codec.decodeResponse(answer.bytes(), id -> null));
    }

    @Test
    void aBroadcastWithAckRequestIsMessagePackAndItsClientCountIsJson() throws Exception {
        List<NodeFixtures.Message> msgs = NodeFixtures.load("classic").step("broadcast-with-ack");
        assertFalse(msgs.get(0).bytes()[0] == '{');
        ClassicRequest.BroadcastWithAck r = assertInstanceOf(ClassicRequest.BroadcastWithAck.class,
                codec.decodeRequest(msgs.get(0).bytes()));
        assertEquals(Map.of("timeout", 1000L), r.opts().flags());
        ClassicResponse.ClientCount count = assertInstanceOf(ClassicResponse.ClientCount.class,
                codec.decodeResponse(msgs.get(1).bytes(), id -> null));
        assertEquals(1, count.clientCount());
        ClassicResponse.BroadcastAck ack = assertInstanceOf(ClassicResponse.BroadcastAck.class,
                codec.decodeResponse(msgs.get(2).bytes(), id -> null));
        assertEquals(Map.of("answer", 42L, "by", "B"), ack.packet());
    }

    @Test
    void theEmittersRequestsHaveNoUid() throws Exception {
        NodeFixtures.Message join = NodeFixtures.load("emitter").step("sockets-join").get(0);
        ClassicRequest.RemoteJoin r = (ClassicRequest.RemoteJoin) codec.decodeRequest(join.bytes());
        assertEquals(null, r.uid());
        assertEquals(List.of("room2"), r.rooms());
        assertEquals(List.of("room1"), r.opts().rooms());
    }
}
