package dev.sio.socketio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.EngineConfig;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.FakeTransport;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.ManualScheduler;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Socket.IO protocol 4 (socket.io-client 2.x over Engine.IO 3): where it differs from protocol 5. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LegacyClientTest {

    private static final HandshakeInfo HANDSHAKE = new HandshakeInfo(Map.of(),
            Map.of("EIO", List.of("3"), "transport", List.of("websocket")), "10.0.0.7",
            "/socket.io/?EIO=3&transport=websocket", false);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SocketIoServer io = new SocketIoServer(new SocketIoConfig(Duration.ofMillis(500), 10), scheduler,
            SioHarness.MAPPER, scheduler::nowMillis);
    private final EngineServer engine = new EngineServer(new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20),
            Duration.ofSeconds(10), 1_000_000, 64, true).withAllowEio3(true), scheduler, io);
    private final FakeTransport transport = new FakeTransport("websocket");

    private EngineSession openV3(HandshakeInfo handshake) {
        EngineSession session = engine.open(transport, handshake, List.of(), 3);
        assertEquals('0', transport.texts().get(0).charAt(0), "the open packet comes first");
        return session;
    }

    private void send(EngineSession session, String socketIoPacket) {
        session.receive(EnginePacket.message(socketIoPacket));
    }

    @Test
    void the_client_joins_the_main_namespace_on_open_without_a_sid_in_the_answer() {
        io.of("/");
        EngineSession session = openV3(HANDSHAKE);
        assertEquals(List.of("40"), transport.texts().subList(1, transport.texts().size()));
        assertEquals(1, io.of("/").sockets().size());
    }

    @Test
    void without_a_main_namespace_the_open_is_still_answered_and_what_is_sent_there_ignored() {
        io.of("/chat");
        EngineSession session = openV3(HANDSHAKE);
        assertEquals("40", transport.texts().get(1));
        send(session, "2[\"hello\"]");
        assertTrue(session.isOpen(), "nobody listens on /, as on a reference server's empty main namespace");
        scheduler.advanceMillis(1_000);
        assertTrue(session.isOpen(), "no connect timeout for v2 clients");
    }

    @Test
    void a_connect_with_a_query_gives_the_query_as_auth_and_is_answered_without_payload() {
        AtomicReference<JsonObject> auth = new AtomicReference<>();
        io.of("/chat").use(socket -> auth.set(socket.handshake().auth()));
        EngineSession session = openV3(HANDSHAKE);
        transport.clear();

        send(session, "0/chat?token=abc%20d&tag=a&tag=b,");

        assertEquals(List.of("40/chat,"), transport.texts());
        assertEquals("abc d", auth.get().getString("token"));
        assertEquals(2, auth.get().getJsonArray("tag").size());
        assertEquals(1, io.of("/chat").sockets().size());
    }

    @Test
    void the_handshake_token_is_the_fallback_when_the_connect_query_has_none() {
        AtomicReference<JsonObject> auth = new AtomicReference<>();
        io.of("/chat").use(socket -> auth.set(socket.handshake().auth()));
        HandshakeInfo withToken = new HandshakeInfo(Map.of(), Map.of("EIO", List.of("3"), "token", List.of("t0k")),
                null, "/socket.io/?EIO=3&token=t0k", false);
        EngineSession session = openV3(withToken);

        send(session, "0/chat,");

        assertEquals("t0k", auth.get().getString("token"));
    }

    @Test
    void a_refused_connect_carries_the_message_as_a_json_string() {
        io.of("/chat").use(socket -> {
            throw new ConnectRefusedException("bad token");
        });
        EngineSession session = openV3(HANDSHAKE);
        transport.clear();

        send(session, "0/chat?token=x,");

        assertEquals(List.of("44/chat,\"bad token\""), transport.texts());
    }

    @Test
    void a_refusal_with_data_carries_the_data() {
        io.of("/chat").use(socket -> {
            throw new ConnectRefusedException("refused", SioHarness.json("{\"code\":42}"));
        });
        EngineSession session = openV3(HANDSHAKE);
        transport.clear();

        send(session, "0/chat,");

        assertEquals(List.of("44/chat,{\"code\":42}"), transport.texts());
    }

    @Test
    void an_unknown_namespace_is_refused_with_the_same_object_as_for_v5_clients() {
        // the reference server sends {message} here whatever the protocol, unlike middleware refusals
        EngineSession session = openV3(HANDSHAKE);
        transport.clear();
        send(session, "0/nowhere,");
        assertEquals(List.of("44/nowhere,{\"message\":\"Invalid namespace\"}"), transport.texts());
    }

    @Test
    void events_acks_and_binary_events_are_as_in_protocol_5() {
        AtomicReference<String> got = new AtomicReference<>();
        io.of("/chat").on("hi", (socket, args, ack) -> {
            got.set(args.get(0, String.class));
            if (ack != null) ack.send("back");
        });
        EngineSession session = openV3(HANDSHAKE);
        send(session, "0/chat,");
        transport.clear();

        send(session, "2/chat,7[\"hi\",\"there\"]");

        assertEquals("there", got.get());
        assertEquals(List.of("43/chat,7[\"back\"]"), transport.texts());
        transport.clear();
        Socket socket = io.of("/chat").sockets().values().iterator().next();
        socket.emit("bin", (Object) new byte[]{1, 2});
        assertEquals("451-/chat,[\"bin\",{\"_placeholder\":true,\"num\":0}]", transport.texts().get(0));
        assertNotNull(transport.written().get(1).binary());
    }
}
