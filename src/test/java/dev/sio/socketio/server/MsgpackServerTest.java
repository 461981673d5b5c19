package dev.sio.socketio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketType;
import dev.sio.socketio.protocol.Parser;
import dev.sio.socketio.protocol.SocketIoProtocolException;
import dev.sio.socketio.protocol.msgpack.MsgpackWriter;
import dev.sio.socketio.recovery.RecoveryLimits;
import dev.sio.socketio.server.SioHarness.TestClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server deployed with the msgpack parser, through its clients' eyes: every packet one binary
 * message, broadcasts encoded once, acks and binary inline, recovery's stored packets (kept as the
 * default parser's text) replayed in msgpack, and a text message a protocol error.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MsgpackServerTest {

    private static final Parser MSGPACK = Parsers.named("msgpack");

    private final SioHarness harness = new SioHarness(new SocketIoConfig(SioHarness.CONNECT_TIMEOUT, 10,
            new RecoveryLimits(Duration.ofSeconds(2), false, 1_000, 1 << 20, 50_000, 32 << 20, 10_000, Set.of("/chat")))
            .withParser(MSGPACK), 64);
    private final Namespace chat = harness.io.of("/chat");
    private final List<Socket> connected = new ArrayList<>();
    private final MsgpackWriter writer = new MsgpackWriter();

    MsgpackServerTest() {
        chat.use(socket -> socket.identify(socket.handshake().auth().getString("user", null)));
        chat.onConnection(connected::add);
        chat.on("echo", (socket, args, ack) -> ack.send(args.values()));
    }

    private void send(TestClient client, Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        client.session.receive(EnginePacket.binary(writer.write(map)));
    }

    /** Every packet the client got, decoded as socket.io-msgpack-parser would; each must be one binary message. */
    private static List<Packet> received(TestClient client) throws SocketIoProtocolException {
        List<Packet> packets = new ArrayList<>();
        Parser.Decoder decoder = MSGPACK.newDecoder(10);
        for (EnginePacket frame : client.transport.written()) {
            if (frame.type() != dev.sio.engineio.protocol.EnginePacketType.MESSAGE) continue;
            assertTrue(frame.isBinary(), "a binary message: " + frame);
            packets.add(decoder.decodeBinary(frame.binary()));
        }
        return packets;
    }

    private JsonObject connect(TestClient client, Map<String, Object> auth) throws SocketIoProtocolException {
        int before = received(client).size();
        send(client, "type", 0L, "data", auth, "nsp", "/chat");
        Packet answer = received(client).get(before);
        assertEquals(PacketType.CONNECT, answer.type());
        return answer.data().asJsonObject();
    }

    @Test
    void a_binary_event_with_an_ack_is_answered_by_one_binary_message_holding_the_bytes() throws Exception {
        TestClient client = harness.open();
        connect(client, Map.of("user", "alice"));
        send(client, "type", 2L, "data", List.of("echo", "x", new byte[] {4, 5}), "options", Map.of("compress", true), "id", 12L, "nsp", "/chat");
        List<Packet> packets = received(client);
        Packet ack = packets.get(packets.size() - 1);
        assertEquals(PacketType.BINARY_ACK, ack.type(), "an ACK holding binary (type 3 on the wire)");
        assertEquals(12L, ack.id());
        assertEquals("x", ack.data().asJsonArray().getString(0));
        assertArrayEquals(new byte[] {4, 5}, ack.attachments().get(0));
    }

    @Test
    void a_broadcast_is_one_frame_object_for_every_recipient() throws Exception {
        TestClient a = harness.open();
        TestClient b = harness.open();
        connect(a, Map.of("user", "alice"));
        connect(b, Map.of("user", "bob"));
        a.clear();
        b.clear();
        chat.emit("news", "hello", new byte[] {1});
        assertEquals(1, a.transport.written().size(), "one message: the bytes travel inside it");
        assertSame(a.transport.written().get(0), b.transport.written().get(0));
    }

    @Test
    void missed_packets_are_replayed_in_msgpack_with_their_offsets_and_bytes() throws Exception {
        TestClient first = harness.open();
        JsonObject answer = connect(first, Map.of("user", "alice"));
        chat.emit("news", "before");
        List<Packet> got = received(first);
        JsonArray before = got.get(got.size() - 1).data().asJsonArray();
        String offset = before.getString(before.size() - 1);
        first.session.closeNow(CloseReasons.TRANSPORT_CLOSE);

        chat.emit("news", "missed", new byte[] {7, 7});
        TestClient back = harness.open();
        JsonObject again = connect(back, Map.of("user", "alice", "pid", answer.getString("pid"), "offset", offset));

        assertEquals(answer.getString("sid"), again.getString("sid"), "the same socket");
        List<Packet> replayed = received(back);
        assertEquals(2, replayed.size(), "CONNECT, then the missed packet");
        Packet missed = replayed.get(1);
        assertEquals(PacketType.BINARY_EVENT, missed.type());
        assertEquals("missed", missed.data().asJsonArray().getString(1));
        assertEquals(4, missed.data().asJsonArray().size(), "event, argument, bytes, offset");
        assertArrayEquals(new byte[] {7, 7}, missed.attachments().get(0));
        assertTrue(connected.get(1).recovered());
    }

    @Test
    void a_text_message_closes_the_connection() {
        TestClient client = harness.open();
        client.send("0/chat,{\"user\":\"alice\"}");
        assertFalse(client.isOpen());
        assertTrue(connected.isEmpty());
    }
}
