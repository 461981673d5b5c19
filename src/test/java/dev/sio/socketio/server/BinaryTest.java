package dev.sio.socketio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.socketio.server.SioHarness.Frame;
import dev.sio.socketio.server.SioHarness.TestClient;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BinaryTest {

    private static final String PLACEHOLDER_0 = "{\"_placeholder\":true,\"num\":0}";
    private static final String PLACEHOLDER_1 = "{\"_placeholder\":true,\"num\":1}";

    private final SioHarness harness = new SioHarness();
    private final Namespace main = harness.io.of("/");

    @Test
    void a_binary_event_reaches_the_handler_once_its_last_attachment_arrived() {
        List<Object> seen = new ArrayList<>();
        main.on("upload", (socket, args, ack) -> {
            seen.add(args.get(0, String.class));
            seen.add(args.get(1, byte[].class));
            seen.add(args.get(2, ByteBuffer.class));
        });
        TestClient client = harness.connect("/");

        client.send("52-[\"upload\",\"name\"," + PLACEHOLDER_0 + "," + PLACEHOLDER_1 + "]");
        client.sendBinary(new byte[] {1, 2, 3});
        assertTrue(seen.isEmpty(), "waits for the second attachment");
        client.sendBinary(new byte[] {4});

        assertEquals("name", seen.get(0));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) seen.get(1));
        assertEquals(ByteBuffer.wrap(new byte[] {4}), seen.get(2));
    }

    @Test
    void binary_arguments_round_trip_through_payload_values() {
        main.on("echo", (socket, args, ack) -> socket.emit("echoed", args.values()));
        TestClient client = harness.connect("/");
        client.clear();
        byte[] first = {9, 8, 7};
        byte[] second = {6};

        client.send("52-[\"echo\",{\"file\":" + PLACEHOLDER_0 + ",\"size\":3},\"text\",[" + PLACEHOLDER_1 + "]]");
        client.sendBinary(first);
        client.sendBinary(second);

        List<EnginePacket> written = client.transport.written();
        assertEquals(3, written.size(), client.texts().toString());
        String header = written.get(0).wireText();
        assertTrue(header.startsWith("452-["), header);
        assertEquals(SioHarness.json("[\"echoed\",{\"file\":" + PLACEHOLDER_0 + ",\"size\":3},\"text\",[" + PLACEHOLDER_1 + "]]"),
                SioHarness.json(header.substring("452-".length())));
        assertArrayEquals(first, written.get(1).binary());
        assertArrayEquals(second, written.get(2).binary());
    }

    @Test
    void payload_values_without_attachments_are_the_json_values_as_received() {
        List<Object[]> seen = new ArrayList<>();
        main.on("plain", (socket, args, ack) -> seen.add(args.values()));
        TestClient client = harness.connect("/");

        client.send("2[\"plain\",{\"a\":1},[true],\"s\"]");

        assertEquals(List.of(SioHarness.json("{\"a\":1}"), SioHarness.json("[true]"), SioHarness.json("\"s\"")),
                List.of(seen.get(0)));
    }

    @Test
    void emitting_byte_arrays_sends_a_binary_event_with_placeholders_and_attachments_in_order() {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));
        client.clear();

        socket.emit("files", new byte[] {1}, Map.of("inner", ByteBuffer.wrap(new byte[] {2, 2})), "label");

        List<EnginePacket> written = client.transport.written();
        assertEquals(3, written.size());
        assertEquals("452-", written.get(0).wireText().substring(0, 4));
        assertEquals(SioHarness.json("[\"files\"," + PLACEHOLDER_0 + ",{\"inner\":" + PLACEHOLDER_1 + "},\"label\"]"),
                SioHarness.json(written.get(0).wireText().substring(4)));
        assertArrayEquals(new byte[] {1}, written.get(1).binary());
        assertArrayEquals(new byte[] {2, 2}, written.get(2).binary());
    }

    @Test
    void a_handler_acknowledges_with_binary_as_a_binary_ack() {
        main.on("get", (socket, args, ack) -> ack.send(new byte[] {5, 5}));
        TestClient client = harness.connect("/");
        client.clear();

        client.send("23[\"get\"]");

        assertEquals(List.of("461-3[" + PLACEHOLDER_0 + "]", "<binary 2 bytes>"), client.texts());
    }

    @Test
    void a_binary_ack_from_the_client_completes_emit_with_ack() throws Exception {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));
        client.clear();
        CompletableFuture<Payload> answer = socket.emitWithAck("send me bytes");
        long id = Frame.parse(client.lastText()).id();

        client.send("61-" + id + "[" + PLACEHOLDER_0 + "]");
        assertFalse(answer.isDone());
        client.sendBinary(new byte[] {3, 1, 4});

        assertArrayEquals(new byte[] {3, 1, 4}, answer.get().get(0, byte[].class));
    }

    @Test
    void a_text_packet_while_attachments_are_awaited_closes_the_connection_with_parse_error() {
        List<String> reasons = new ArrayList<>();
        main.onConnection(socket -> socket.onDisconnect(reasons::add));
        TestClient client = harness.connect("/");

        client.send("51-[\"upload\"," + PLACEHOLDER_0 + "]");
        client.send("2[\"too early\"]");

        assertFalse(client.isOpen());
        assertEquals(CloseReasons.PARSE_ERROR, client.session.closeReason());
        assertEquals(List.of("parse error"), reasons);
    }

    @Test
    void a_binary_message_nobody_announced_closes_the_connection_with_parse_error() {
        TestClient client = harness.connect("/");

        client.sendBinary(new byte[] {1});

        assertFalse(client.isOpen());
        assertEquals(CloseReasons.PARSE_ERROR, client.session.closeReason());
    }
}
