package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireFormatException;
import dev.sio.socketio.protocol.msgpack.WireLimits;
import dev.sio.socketio.protocol.msgpack.MsgpackReader;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hostile or broken publisher gets a WireFormatException, before we allocate what it announces. */
class BoundedReadersTest {

    private final MsgpackReader msgpack = new MsgpackReader(WireLimits.DEFAULT);
    private final JsonReader json = new JsonReader(WireLimits.DEFAULT);

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    @Test
    void anArrayAnnouncingBillionsOfElementsIsRefusedAtOnce() {
        var e = assertThrows(WireFormatException.class, () -> msgpack.read(hex("dd7fffffff01")));
        assertTrue(e.getMessage().contains("array of 2147483647 announced"), e.getMessage());
        assertThrows(WireFormatException.class, () -> msgpack.read(hex("ddffffffff01")));
    }

    @Test
    void aMapAnnouncingMoreEntriesThanBytesIsRefused() {
        assertThrows(WireFormatException.class, () -> msgpack.read(hex("df0010000001a161")));
    }

    @Test
    void aStringOrBinaryLongerThanTheMessageIsRefused() {
        assertThrows(WireFormatException.class, () -> msgpack.read(hex("db7fffffff6162")));
        assertThrows(WireFormatException.class, () -> msgpack.read(hex("c6400000000102")));
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        byte[] deep = new byte[200];
        java.util.Arrays.fill(deep, (byte) 0x91); // [[[[...
        deep[199] = (byte) 0xc0;
        var e = assertThrows(WireFormatException.class, () -> msgpack.read(deep));
        assertTrue(e.getMessage().contains("nesting deeper than 64"), e.getMessage());
        String deepJson = "[".repeat(200) + "]".repeat(200);
        assertThrows(WireFormatException.class, () -> json.read(deepJson.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theElementCountIsBoundedOverTheWholeMessage() {
        WireLimits small = new WireLimits(1 << 20, 8, 10);
        byte[] elevenInts = hex("9b0102030405060708090a0b");
        assertThrows(WireFormatException.class, () -> new MsgpackReader(small).read(elevenInts));
        assertThrows(WireFormatException.class, () -> new JsonReader(small).read("[1,2,3,4,5,6,7,8,9,10,11]".getBytes()));
    }

    @Test
    void anOversizedMessageIsRefusedBeforeParsing() {
        WireLimits small = new WireLimits(8, 8, 10);
        assertThrows(WireFormatException.class, () -> new JsonReader(small).read("[1,2,3,4,5]".getBytes()));
    }

    @Test
    void truncatedTrailingAndForeignInputIsRefused() {
        assertThrows(WireFormatException.class, () -> msgpack.read(hex("93a161")));       // array of 3, one given
        assertThrows(WireFormatException.class, () -> msgpack.read(hex("c0c0")));         // two values
        assertThrows(WireFormatException.class, () -> msgpack.read(hex("8101a161")));     // map key 1
        assertThrows(WireFormatException.class, () -> msgpack.read(hex("c1")));           // never used
        assertThrows(WireFormatException.class, () -> msgpack.read(hex("d40501")));       // unknown extension
        assertThrows(WireFormatException.class, () -> json.read("{\"a\":".getBytes()));
        assertThrows(WireFormatException.class, () -> json.read("{} {}".getBytes()));
    }

    @Test
    void notepacksExtensionsBecomeWhatJsonWouldCarry() throws Exception {
        assertNull(msgpack.read(hex("d40000")), "old notepack's undefined");
        // timestamp 32 of 2026-01-01T00:00:00Z (1767225600 s), as notepack writes a Date with whole seconds
        assertEquals("2026-01-01T00:00:00.000Z", msgpack.read(hex("d6ff6955b900")));
    }

    @Test
    void malformedMessagesFailInTheCodecsToo() {
        ClassicCodec classic = new ClassicCodec(WireLimits.DEFAULT);
        ClusterCodec sharded = new ClusterCodec(WireLimits.DEFAULT);
        assertThrows(WireFormatException.class, () -> classic.decodeBroadcast(hex("92a161a162")));
        assertThrows(WireFormatException.class, () -> classic.decodeRequest("{\"type\":42}".getBytes()));
        assertThrows(WireFormatException.class, () -> classic.decodeRequest("{\"type\":2,\"sid\":\"x\",\"room\":\"r\"}".getBytes()));
        assertThrows(WireFormatException.class, () -> sharded.decode("{\"type\":3,\"uid\":\"u\",\"nsp\":\"/\"}".getBytes()));
        assertThrows(WireFormatException.class, () -> sharded.decode(new byte[0]));
        assertThrows(WireFormatException.class,
                () -> sharded.decode("{\"type\":4,\"data\":{\"opts\":{\"rooms\":[{}]},\"rooms\":[]},\"uid\":\"u\",\"nsp\":\"/\"}".getBytes()));
    }

    @Test
    void numericRoomsReadAsJavaScriptPrintsThem() throws Exception {
        ClassicRequest r = new ClassicCodec(WireLimits.DEFAULT)
                .decodeRequest("{\"type\":2,\"opts\":{\"rooms\":[42,1.5]},\"rooms\":[\"x\"]}".getBytes());
        assertEquals(List.of("42", "1.5"), ((ClassicRequest.RemoteJoin) r).opts().rooms());
        assertEquals(List.of(), ((ClassicRequest.RemoteJoin) r).opts().except());
    }

    @Test
    void readerOutputIsOrderedAndTyped() throws Exception {
        Object v = json.read("{\"b\":1,\"a\":[2.5,\"s\",null,true]}".getBytes());
        assertEquals(Map.of("b", 1L, "a", java.util.Arrays.asList(2.5, "s", null, true)), v);
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) v).keySet()));
    }
}
