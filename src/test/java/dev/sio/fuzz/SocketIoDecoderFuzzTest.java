package dev.sio.fuzz;

import dev.sio.socketio.protocol.Packet;
import dev.sio.socketio.protocol.PacketDecoder;
import dev.sio.socketio.protocol.SocketIoProtocolException;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.sio.socketio.server.PayloadMapper;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Socket.IO packet decoder (header, namespace, ack id, JSON payload, binary attachments) under
 * generated and mutated input: it decodes, waits for attachments, or throws its own protocol
 * error, never anything else; and what it lets through is what the server's dispatch relies on.
 */
class SocketIoDecoderFuzzTest {

    private static final int MAX_ATTACHMENTS = 10;

    static final List<String> PACKETS = List.of("0", "0/chat,", "0{\"token\":\"abc\"}", "0/admin,{\"token\":\"x\"}",
            "1", "1/chat,", "2[\"msg\",\"hi\"]", "2/chat,17[\"msg\",{\"a\":[1,2.5,null,true,\"\\u20ac\"]}]",
            "3/chat,17[\"ok\"]", "31[]", "4{\"message\":\"no\"}", "4/x,\"refused\"", "2[42,{}]",
            "51-[\"file\",{\"_placeholder\":true,\"num\":0}]",
            "52-/up,9[\"two\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
            "61-5[{\"_placeholder\":true,\"num\":0}]", "2[\"deep\",[[[[[[[[[[1]]]]]]]]]]]");

    /** One input the client sends: a text packet, or (null text) a binary frame. */
    record Input(String text, byte[] binary) {
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Mutations.of(PACKETS, 6), Mutations.of(PACKETS, 1),
                Arbitraries.strings().all().ofMaxLength(48),
                Arbitraries.strings().withChars("0123456-/,[]{}\"_placeholdrnum:tue").ofMaxLength(40));
    }

    @Provide
    Arbitrary<Input> inputs() {
        Arbitrary<Input> text = texts().map(t -> new Input(t, null));
        Arbitrary<Input> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(b -> new Input(null, b));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, text),
                net.jqwik.api.Tuple.of(1, binary));
    }

    @Provide
    Arbitrary<List<Input>> streams() {
        return inputs().list().ofMaxSize(6);
    }

    @Property
    void one_text_packet_decodes_or_fails_with_a_protocol_error(@ForAll("texts") String text) {
        PacketDecoder decoder = new PacketDecoder(MAX_ATTACHMENTS);
        try {
            Packet packet = decoder.decodeText(text);
            if (packet != null) assertUsable(packet);
            else assertTrue(decoder.awaitingAttachments());
        } catch (SocketIoProtocolException expected) {
            EngineDecodersFuzzTest.assertSafeMessage(expected.getMessage());
        }
    }

    /** A connection's stream of frames; after a protocol error the server closes it, so a fresh decoder goes on. */
    @Property
    void a_stream_of_text_and_binary_frames_never_escapes_the_protocol_error(
            @ForAll("streams") List<Input> stream) {
        PacketDecoder decoder = new PacketDecoder(MAX_ATTACHMENTS);
        for (Input input : stream) {
            try {
                Packet packet = input.text() != null ? decoder.decodeText(input.text()) : decoder.decodeBinary(input.binary());
                if (packet != null) assertUsable(packet);
            } catch (SocketIoProtocolException expected) {
                EngineDecodersFuzzTest.assertSafeMessage(expected.getMessage());
                decoder = new PacketDecoder(MAX_ATTACHMENTS);
            }
        }
    }

    public static final class Message {
        public String text;
        public int count;
        public List<String> tags;
        public Map<String, Object> extra;
    }

    private static final PayloadMapper MAPPER = new PayloadMapper();
    private static final List<Type> HANDLER_TYPES = List.of(String.class, Integer.class, int.class, Long.class,
            Double.class, Boolean.class, byte[].class, Message.class, Object.class, int[].class,
            new ArrayList<String>() { }.getClass().getGenericSuperclass(),
            new HashMap<String, Integer>() { }.getClass().getGenericSuperclass());

    /** A decoded event's arguments bound to a handler's parameter types: a value, or IllegalArgumentException. */
    @Property
    void decoded_arguments_bind_to_handler_types_or_fail_with_an_illegal_argument(
            @ForAll("texts") String text, @ForAll("attachmentLists") List<byte[]> attachments) {
        Packet packet;
        PacketDecoder decoder = new PacketDecoder(MAX_ATTACHMENTS);
        try {
            packet = decoder.decodeText(text);
            for (int i = 0; packet == null && i < attachments.size(); i++) packet = decoder.decodeBinary(attachments.get(i));
        } catch (SocketIoProtocolException refused) {
            return;
        }
        if (packet == null || packet.data() == null || packet.data().getValueType() != JsonValue.ValueType.ARRAY) return;
        for (JsonValue arg : packet.data().asJsonArray()) {
            try {
                MAPPER.toNatural(arg, packet.attachments());
            } catch (IllegalArgumentException expected) {
                // refused as the payload does not fit
            }
            for (Type type : HANDLER_TYPES) {
                try {
                    MAPPER.fromJson(arg, packet.attachments(), type);
                } catch (IllegalArgumentException expected) {
                    // the gateway answers "invalid payload"
                }
            }
        }
    }

    @Provide
    Arbitrary<List<byte[]>> attachmentLists() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4).list().ofMaxSize(3);
    }

    /** What Client and Socket do with a decoded packet without checking again. */
    private static void assertUsable(Packet packet) {
        assertNotNull(packet.type());
        assertNotNull(packet.namespace());
        assertTrue(packet.namespace().startsWith("/"), packet.namespace());
        switch (packet.type()) {
            case EVENT, BINARY_EVENT -> {
                JsonArray data = packet.data().asJsonArray();
                assertFalse(data.isEmpty());
                JsonValue.ValueType name = data.get(0).getValueType();
                assertTrue(name == JsonValue.ValueType.STRING || name == JsonValue.ValueType.NUMBER, name.toString());
            }
            case ACK, BINARY_ACK -> {
                assertNotNull(packet.id());
                assertNotNull(packet.data().asJsonArray());
            }
            case CONNECT -> assertTrue(packet.data() == null || packet.data().getValueType() == JsonValue.ValueType.OBJECT);
            default -> { }
        }
        if (packet.type() == dev.sio.socketio.protocol.PacketType.BINARY_EVENT
                || packet.type() == dev.sio.socketio.protocol.PacketType.BINARY_ACK) {
            assertTrue(packet.attachments().size() <= MAX_ATTACHMENTS);
        } else {
            assertEquals(0, packet.attachments().size());
        }
    }
}
