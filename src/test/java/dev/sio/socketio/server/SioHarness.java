package dev.sio.socketio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.EngineConfig;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.FakeTransport;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.ManualScheduler;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Socket.IO server on an Engine.IO server on a virtual clock, with clients that are fake
 * transports: what a client "receives" is what its transport wrote.
 */
final class SioHarness {

    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    static final Duration PING_INTERVAL = Duration.ofSeconds(25);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(20);

    static final HandshakeInfo HANDSHAKE = new HandshakeInfo(Map.of("X-Test", List.of("yes")),
            Map.of("EIO", List.of("4"), "transport", List.of("websocket"), "room", List.of("lobby")),
            "10.0.0.7", "/socket.io/?EIO=4&transport=websocket&room=lobby", true);

    /** Thread-safe and costly to build (JSON-B): one for every test. */
    static final PayloadMapper MAPPER = new PayloadMapper();

    final ManualScheduler scheduler = new ManualScheduler();
    final SocketIoServer io;
    final EngineServer engine;

    SioHarness() {
        this(64);
    }

    SioHarness(int maxQueuedPackets) {
        this(new SocketIoConfig(CONNECT_TIMEOUT, 10), maxQueuedPackets);
    }

    /** With these settings (recovery counts its window on the virtual clock). */
    SioHarness(SocketIoConfig config, int maxQueuedPackets) {
        io = new SocketIoServer(config, scheduler, MAPPER, scheduler::nowMillis);
        engine = new EngineServer(new EngineConfig(PING_INTERVAL, PING_TIMEOUT, Duration.ofSeconds(10),
                1_000_000, maxQueuedPackets, true), scheduler, io);
    }

    /** Opens an Engine.IO session; the open packet is written and forgotten. */
    TestClient open() {
        FakeTransport transport = new FakeTransport("websocket");
        EngineSession session = engine.open(transport, HANDSHAKE, List.of());
        assertEquals('0', transport.texts().get(0).charAt(0), "the open packet comes first");
        transport.clear();
        return new TestClient(this, transport, session);
    }

    /** Opens a session and joins the namespace. */
    TestClient connect(String namespace) {
        TestClient client = open();
        client.connect(namespace);
        return client;
    }

    static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    /** One side of a connection, as the client sees it. */
    static final class TestClient {

        private static final Pattern EVENT = Pattern.compile("4(\\d)(?:\\d+-)?(/[^,]*,)?(\\d*)(.*)", Pattern.DOTALL);

        final SioHarness harness;
        final FakeTransport transport;
        final EngineSession session;

        TestClient(SioHarness harness, FakeTransport transport, EngineSession session) {
            this.harness = harness;
            this.transport = transport;
            this.session = session;
        }

        /** Sends the text of a Socket.IO packet (without Engine.IO's "4"). */
        void send(String socketIoPacket) {
            session.receive(EnginePacket.message(socketIoPacket));
        }

        void sendBinary(byte[] attachment) {
            session.receive(EnginePacket.binary(attachment));
        }

        /** Sends CONNECT and returns the socket id of the answer, which must be a CONNECT. */
        String connect(String namespace) {
            return connect(namespace, null);
        }

        String connect(String namespace, String auth) {
            String prefix = "/".equals(namespace) ? "" : namespace + ",";
            int before = transport.written().size();
            send("0" + prefix + (auth == null ? "" : auth));
            List<String> texts = transport.texts();
            assertTrue(texts.size() > before, "the CONNECT was answered");
            String answer = texts.get(before);
            assertTrue(answer.startsWith("40" + prefix + "{"), "a CONNECT answer: " + answer);
            JsonObject data = json(answer.substring(2 + prefix.length())).asJsonObject();
            assertEquals(List.of("sid"), List.copyOf(data.keySet()), answer);
            return data.getString("sid");
        }

        Socket socket(String namespace, String sid) {
            return harness.io.of(namespace).socket(sid);
        }

        List<String> texts() {
            return transport.texts();
        }

        String lastText() {
            List<String> texts = texts();
            return texts.isEmpty() ? null : texts.get(texts.size() - 1);
        }

        void clear() {
            transport.clear();
        }

        boolean isOpen() {
            return session.isOpen();
        }
    }

    /** The parts of a written Socket.IO packet: type digit, namespace ("/" when absent), id (-1 when none), JSON. */
    record Frame(int type, String namespace, long id, JsonValue data) {

        static Frame parse(String engineText) {
            Matcher m = TestClient.EVENT.matcher(engineText);
            assertTrue(m.matches(), "a Socket.IO packet: " + engineText);
            String nsp = m.group(2) == null ? "/" : m.group(2).substring(0, m.group(2).length() - 1);
            long id = m.group(3).isEmpty() ? -1 : Long.parseLong(m.group(3));
            JsonValue data = m.group(4).isEmpty() ? null : json(m.group(4));
            return new Frame(Integer.parseInt(m.group(1)), nsp, id, data);
        }

        JsonArray array() {
            return data.asJsonArray();
        }
    }
}
