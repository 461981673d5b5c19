package dev.sio.fuzz;

import dev.sio.engineio.protocol.EngineCodec;
import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.protocol.EngineProtocolException;
import dev.sio.engineio.server.HandshakeValidator;
import dev.sio.engineio.server.QueryString;
import dev.sio.engineio.websocket.EnginePacketBinaryDecoder;
import dev.sio.engineio.websocket.EnginePacketTextDecoder;
import jakarta.websocket.DecodeException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Engine.IO decoders under generated and mutated input: they either decode or throw their own
 * protocol error, never anything else. Tries per property: {@code jqwik.tries.default} in
 * src/test/resources/junit-platform.properties; a longer run: {@code -Djqwik.tries.default=1000000}.
 */
class EngineDecodersFuzzTest {

    private static final List<String> FRAMES = List.of("0{\"sid\":\"abc\"}", "1", "2", "2probe", "3", "3probe",
            "4hello", "4", "5", "6", "bAQID", "b", "40/chat,{\"token\":\"x\"}", "42[\"msg\",\"\u20ac\"]");
    private static final List<String> PAYLOADS = List.of("4hello\u001e2\u001e3", "bAQID\u001e4x", "1", "6\u001e6",
            "42[\"a\"]\u001e451-[\"b\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID");
    private static final List<String> QUERIES = List.of("EIO=4&transport=polling", "EIO=4&transport=websocket&sid=abc",
            "EIO=4&transport=polling&t=Nx%20y&b64=1", "a=%e2%82%ac&a=2&=&&x");

    @Provide
    Arbitrary<String> frames() {
        return Arbitraries.oneOf(Mutations.of(FRAMES, 6), Arbitraries.strings().all().ofMaxLength(64),
                Arbitraries.strings().withChars("0123456b\u001e=+/AQID").ofMaxLength(32));
    }

    @Provide
    Arbitrary<String> payloads() {
        return Arbitraries.oneOf(Mutations.of(PAYLOADS, 8), Mutations.of(FRAMES, 4),
                Arbitraries.strings().withChars("0123456b\u001e=+/AQIDx").ofMaxLength(48));
    }

    @Provide
    Arbitrary<String> queries() {
        return Arbitraries.oneOf(Mutations.of(QUERIES, 6), Arbitraries.strings().all().ofMaxLength(64));
    }

    @Property
    void a_websocket_text_frame_decodes_or_fails_with_a_protocol_error(@ForAll("frames") String frame) {
        try {
            EnginePacket packet = EngineCodec.decodeText(frame);
            assertNotNull(packet.type());
            // what decodes must encode back to the same frame (base64 may be normalised)
            if (!packet.isBinary()) assertEquals(frame, EngineCodec.encodeText(packet));
        } catch (EngineProtocolException expected) {
            assertSafeMessage(expected.getMessage());
        }
    }

    @Property
    void the_websocket_decoders_decode_or_fail_with_a_decode_exception(@ForAll("frames") String frame) {
        EnginePacketTextDecoder text = new EnginePacketTextDecoder();
        assertTrue(text.willDecode(frame));
        try {
            assertNotNull(text.decode(frame));
        } catch (DecodeException expected) {
            // the container hands it to onError, which closes the session
        }
        byte[] bytes = frame.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        EnginePacket binary = new EnginePacketBinaryDecoder().decode(ByteBuffer.wrap(bytes));
        assertEquals(bytes.length, binary.binary().length);
    }

    @Property
    void a_polling_body_decodes_or_fails_with_a_protocol_error(@ForAll("payloads") String body) {
        try {
            List<EnginePacket> packets = EngineCodec.decodePayload(body);
            assertTrue(!packets.isEmpty());
        } catch (EngineProtocolException expected) {
            assertSafeMessage(expected.getMessage());
        }
    }

    @Property
    void a_query_string_always_parses_and_the_handshake_check_never_throws(@ForAll("queries") String query) {
        Map<String, List<String>> params = QueryString.parse(query);
        for (List<String> values : params.values()) assertTrue(!values.isEmpty());
        assertNotNull(HandshakeValidator.check(QueryString.first(params, "EIO"), QueryString.first(params, "transport"), "polling"));
    }

    /** A protocol error's message ends up in a log line: it must not carry line breaks from the input. */
    static void assertSafeMessage(String message) {
        assertNotNull(message);
        assertTrue(message.indexOf('\n') < 0 && message.indexOf('\r') < 0, message);
        assertTrue(message.length() <= 300, message);
    }
}
