package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.MsgpackWriter;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The writers make the choices notepack.io and JSON.stringify make (expected values printed by Node 20). */
class WritersTest {

    private final JsonWriter json = new JsonWriter();
    private final MsgpackWriter msgpack = new MsgpackWriter();

    @Test
    void numbersAsJavaScriptPrintsThem() {
        assertEquals("1e+21", JsonWriter.jsNumber(1e21));
        assertEquals("100000000000000000000", JsonWriter.jsNumber(1e20));
        assertEquals("1.5e-7", JsonWriter.jsNumber(1.5e-7));
        assertEquals("0.000001", JsonWriter.jsNumber(1e-6));
        assertEquals("123.456", JsonWriter.jsNumber(123.456));
        assertEquals("-0.5", JsonWriter.jsNumber(-0.5));
        assertEquals("100", JsonWriter.jsNumber(100.0));
        assertEquals("0", JsonWriter.jsNumber(-0.0));
        assertEquals("9007199254740992", JsonWriter.jsNumber(9007199254740992.0));
        assertEquals("1.7976931348623157e+308", JsonWriter.jsNumber(Double.MAX_VALUE));
        assertEquals("5e-324", JsonWriter.jsNumber(Double.MIN_VALUE));
        assertEquals("0.1", JsonWriter.jsNumber(0.1));
        assertEquals("[null,null,3]", json.writeString(List.of(Double.NaN, Double.POSITIVE_INFINITY, 3L)));
    }

    @Test
    void stringsEscapedAsJsonStringifyDoes() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\\u001f/é😀\\ud800\"", json.writeString("a\"b\\c\n\u0001\u001f/é😀\ud800"));
    }

    @Test
    void aBufferInJsonIsWhatNodePrints() {
        assertEquals("{\"type\":\"Buffer\",\"data\":[1,255]}", json.writeString(new byte[] {1, (byte) 255}));
    }

    @Test
    void msgpackChoosesNotepacksForms() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("i", 200L);          // uint 8
        m.put("n", -33L);          // int 8
        m.put("d", 2.0);           // integral double: an integer, as in JavaScript
        m.put("f", 0.5);           // float 64
        m.put("s", "x".repeat(32)); // str 8
        m.put("z", null);
        assertEquals("86a169ccc8a16ed0dfa16402a166cb3fe0000000000000a173d920" + "78".repeat(32) + "a17ac0",
                HexFormat.of().formatHex(msgpack.write(m)));
    }
}
