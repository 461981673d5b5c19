package dev.sio.socketio.protocol.msgpack;

import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketType;
import dev.sio.socketio.protocol.Parser;
import dev.sio.socketio.protocol.Placeholders;
import dev.sio.socketio.protocol.SocketIoProtocolException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The msgpack parser: what it accepts (what socket.io-msgpack-parser 3.x accepts) and what it refuses, with which reason. */
class MsgpackParserTest {

    private final Parser parser = new MsgpackParser();
    private final MsgpackWriter writer = new MsgpackWriter();

    private Packet decode(Map<String, Object> map) throws SocketIoProtocolException {
        return parser.newDecoder(10).decodeBinary(writer.write(map));
    }

    private String refusal(Map<String, Object> map) {
        return assertThrows(SocketIoProtocolException.class, () -> decode(map)).getMessage();
    }

    private String refusal(byte[] bytes) {
        return assertThrows(SocketIoProtocolException.class, () -> parser.newDecoder(10).decodeBinary(bytes)).getMessage();
    }

    /** A map in the given key order; values may be null (written as nil). */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    @Test
    void anEventWithBinaryBecomesABinaryEventWithPlaceholders() throws Exception {
        Packet p = decode(map("type", 2L, "data", List.of("up", new byte[] {1, 2}, map("x", new byte[] {3})), "nsp", "/chat", "id", 4L));
        assertEquals(PacketType.BINARY_EVENT, p.type());
        assertEquals("/chat", p.namespace());
        assertEquals(4L, p.id());
        assertEquals(Placeholders.placeholder(0), p.data().asJsonArray().get(1));
        assertEquals(Placeholders.placeholder(1), p.data().asJsonArray().get(2).asJsonObject().get("x"));
        assertArrayEquals(new byte[] {3}, p.attachments().get(1));
    }

    @Test
    void aBinaryPacketGoesOutAsOneMapWithTheBytesInPlace() throws Exception {
        JsonArray data = Json.createArrayBuilder().add("file").add(Placeholders.placeholder(1)).add(Placeholders.placeholder(0)).build();
        Packet out = Packet.ack("/", data, 9, List.of(new byte[] {7}, new byte[] {8, 9}));
        byte[] bytes = parser.encode(out).attachments().get(0);
        Object read = new MsgpackReader(WireLimits.DEFAULT).read(bytes);
        Map<?, ?> m = (Map<?, ?>) read;
        assertEquals(List.of("id", "type", "data", "nsp"), new ArrayList<>(m.keySet()), "an ack in Node's key order");
        assertEquals(3L, m.get("type"), "no BINARY_ACK on this wire");
        assertArrayEquals(new byte[] {8, 9}, (byte[]) ((List<?>) m.get("data")).get(1));
        Packet back = parser.newDecoder(10).decodeBinary(bytes);
        assertEquals(PacketType.BINARY_ACK, back.type());
        // read back, the attachments are numbered in document order
        assertEquals(Json.createArrayBuilder().add("file").add(Placeholders.placeholder(0)).add(Placeholders.placeholder(1)).build(), back.data());
        assertArrayEquals(new byte[] {8, 9}, back.attachments().get(0));
        assertArrayEquals(new byte[] {7}, back.attachments().get(1));
        assertEquals("/", back.namespace());
    }

    @Test
    void whatTheStockClientAddsIsAcceptedAndIgnored() throws Exception {
        // socket.io-client sends {type, data, options: {compress}, id, nsp}; a CONNECT without auth has data: undefined
        Packet event = decode(map("type", 2L, "data", List.of("hi"), "options", map("compress", true), "id", 2.0d, "nsp", "/"));
        assertEquals(2L, event.id(), "2.0 is an integer to JavaScript");
        byte[] connect = HexFormat.of().parseHex("83a47479706500a464617461d40000a36e7370a12f");
        Packet c = parser.newDecoder(10).decodeBinary(connect);
        assertEquals(PacketType.CONNECT, c.type());
        assertNull(c.data());
    }

    @Test
    void aTextMessageIsRefused() {
        assertTrue(assertThrows(SocketIoProtocolException.class, () -> parser.newDecoder(10).decodeText("2[\"x\"]"))
                .getMessage().contains("binary messages only"));
    }

    @Test
    void malformedMessagePackIsRefused() {
        assertTrue(refusal(new byte[] {(byte) 0x81}).startsWith("invalid MessagePack"), "truncated");
        assertTrue(refusal(HexFormat.of().parseHex("80c0")).contains("trailing"), "trailing bytes");
        assertTrue(refusal(HexFormat.of().parseHex("dd7fffffff")).startsWith("invalid MessagePack"), "an array longer than the message");
        Object deep = List.of();
        for (int i = 0; i < 100; i++) deep = List.of(deep);
        assertTrue(refusal(map("type", 2L, "data", List.of("x", deep), "nsp", "/")).contains("nesting"));
        assertEquals("invalid packet: expected a MessagePack map", refusal(writer.write(List.of(2, "/"))));
    }

    @Test
    void theTypeMustBeAnIntegerFromZeroToFour() {
        assertEquals("invalid packet type", refusal(map("type", 5L, "data", List.of("x"), "nsp", "/")), "no BINARY_EVENT on this wire");
        assertEquals("invalid packet type", refusal(map("type", "2", "data", List.of("x"), "nsp", "/")));
        assertEquals("invalid packet type", refusal(map("type", 2.5d, "data", List.of("x"), "nsp", "/")));
        assertEquals("invalid packet type", refusal(map("data", List.of("x"), "nsp", "/")));
    }

    @Test
    void theNamespaceMustBeAStringStartingWithASlashWithoutComma() {
        assertTrue(refusal(map("type", 2L, "data", List.of("x"))).startsWith("invalid namespace"));
        assertTrue(refusal(map("type", 2L, "data", List.of("x"), "nsp", 1L)).startsWith("invalid namespace"));
        String evil = refusal(map("type", 0L, "nsp", "chat\nFAKE LOG LINE"));
        assertTrue(evil.startsWith("invalid namespace"));
        assertFalse(evil.contains("FAKE"), "the client's text is not quoted");
        assertTrue(refusal(map("type", 0L, "nsp", "/a,b")).startsWith("invalid namespace"));
    }

    @Test
    void theDataMustHaveTheShapeOfItsType() {
        assertEquals("invalid payload for CONNECT", refusal(map("type", 0L, "data", null, "nsp", "/")), "nil is not undefined");
        assertEquals("invalid payload for CONNECT", refusal(map("type", 0L, "data", List.of(), "nsp", "/")));
        assertEquals("invalid payload for DISCONNECT", refusal(map("type", 1L, "data", map(), "nsp", "/")));
        assertEquals("invalid payload for EVENT", refusal(map("type", 2L, "data", map("a", 1L), "nsp", "/")));
        assertEquals("invalid payload for EVENT", refusal(map("type", 2L, "nsp", "/")));
        assertEquals("invalid payload for CONNECT_ERROR", refusal(map("type", 4L, "data", 1L, "nsp", "/")));
        assertTrue(refusal(map("type", 0L, "data", map("file", new byte[] {1}), "nsp", "/")).contains("only carried by events and acks"));
    }

    @Test
    void theDefaultParsersEventRulesHoldToo() {
        assertTrue(refusal(map("type", 2L, "data", List.of(), "nsp", "/")).contains("non-empty array"));
        assertTrue(refusal(map("type", 2L, "data", List.of("connect"), "nsp", "/")).contains("reserved event name"));
        assertTrue(refusal(map("type", 2L, "data", List.of(true), "nsp", "/")).contains("string or a number"));
        assertTrue(refusal(map("type", 2L, "data", List.of("x", map("_placeholder", true, "num", 0L)), "nsp", "/"))
                .contains("_placeholder"), "that shape marks binary data inside the server");
    }

    @Test
    void ackIdsAreZeroToFifteenDigitsAndAnAckHasOne() {
        assertTrue(refusal(map("type", 3L, "data", List.of(), "nsp", "/")).contains("ACK without an id"));
        assertTrue(refusal(map("type", 2L, "data", List.of("x"), "nsp", "/", "id", -1L)).startsWith("invalid ack id"));
        assertTrue(refusal(map("type", 2L, "data", List.of("x"), "nsp", "/", "id", 1_000_000_000_000_000L)).startsWith("invalid ack id"));
        assertTrue(refusal(map("type", 2L, "data", List.of("x"), "nsp", "/", "id", "1")).startsWith("invalid ack id"));
        assertTrue(refusal(map("type", 2L, "data", List.of("x"), "nsp", "/", "id", null)).startsWith("invalid ack id"), "nil is not undefined");
    }

    @Test
    void bothParsersReadTheirOwnWarmUpPacket() {
        assertEquals(parser, parser.warmUp());
        assertEquals(Parser.DEFAULT, Parser.DEFAULT.warmUp());
    }

    @Test
    void aDecoderKeepsNothingBetweenMessages() throws Exception {
        Parser.Decoder decoder = parser.newDecoder(10);
        assertThrows(SocketIoProtocolException.class, () -> decoder.decodeBinary(new byte[] {(byte) 0x81}));
        assertEquals(PacketType.EVENT, decoder.decodeBinary(writer.write(map("type", 2L, "data", List.of("x"), "nsp", "/"))).type());
    }
}
