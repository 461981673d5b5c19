package dev.sio.socketio.server;

import dev.sio.engineio.server.CloseReasons;
import dev.sio.socketio.server.SioHarness.TestClient;
import jakarta.json.Json;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConnectTest {

    private final SioHarness harness = new SioHarness();

    @Test
    void a_connect_to_the_main_namespace_is_answered_with_the_new_socket_id() {
        Namespace main = harness.io.of("/");
        TestClient client = harness.open();

        client.send("0");

        assertEquals(1, client.texts().size());
        String answer = client.texts().get(0);
        assertTrue(answer.matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}"), answer);
        String sid = SioHarness.json(answer.substring(2)).asJsonObject().getString("sid");
        assertEquals(Set.of(sid), main.sockets().keySet());
        Socket socket = main.socket(sid);
        assertTrue(socket.connected());
        assertEquals(client.session.id(), socket.sessionId());
        assertNotEquals(client.session.id(), sid, "the socket id is not the Engine.IO session id");
        assertEquals("websocket", socket.transport());
    }

    @Test
    void a_connect_to_a_custom_namespace_is_answered_in_that_namespace() {
        harness.io.of("/chat");
        TestClient client = harness.open();

        client.send("0/chat,");

        String answer = client.lastText();
        assertTrue(answer.startsWith("40/chat,{\"sid\":\""), answer);
        String sid = SioHarness.json(answer.substring("40/chat,".length())).asJsonObject().getString("sid");
        assertNotNull(harness.io.of("/chat").socket(sid));
    }

    @Test
    void a_connect_to_an_unknown_namespace_is_refused_with_invalid_namespace() {
        harness.io.of("/");
        TestClient client = harness.open();

        client.send("0/x,");

        assertEquals(List.of("44/x,{\"message\":\"Invalid namespace\"}"), client.texts());
        assertTrue(client.isOpen(), "the connection stays open for other namespaces");
        assertEquals(null, harness.io.namespace("/x"), "refusing does not create the namespace");
    }

    @Test
    void the_socket_handshake_carries_the_http_request_and_the_auth_payload_of_the_connect() {
        Socket[] seen = new Socket[1];
        harness.io.of("/").onConnection(socket -> seen[0] = socket);
        TestClient client = harness.open();

        client.connect("/", "{\"token\":\"abc\",\"n\":1}");

        Handshake handshake = seen[0].handshake();
        assertEquals("abc", handshake.auth().getString("token"));
        assertEquals(1, handshake.auth().getInt("n"));
        assertEquals("yes", handshake.header("x-test"));
        assertEquals("lobby", handshake.queryParameter("room"));
        assertEquals("10.0.0.7", handshake.address());
        assertEquals(SioHarness.HANDSHAKE.url(), handshake.url());
        assertTrue(handshake.secure());
        assertNotNull(handshake.time());
    }

    @Test
    void a_connect_without_auth_has_an_empty_auth_object() {
        Socket[] seen = new Socket[1];
        harness.io.of("/").onConnection(socket -> seen[0] = socket);

        harness.connect("/");

        assertEquals(Json.createObjectBuilder().build(), seen[0].handshake().auth());
    }

    @Test
    void a_middleware_refusal_is_answered_with_connect_error_and_its_message() {
        List<Socket> connected = new ArrayList<>();
        Namespace main = harness.io.of("/")
                .use(socket -> {
                    if (!"secret".equals(socket.handshake().auth().getString("token", null))) {
                        throw new ConnectRefusedException("not authorized");
                    }
                })
                .onConnection(connected::add);
        TestClient client = harness.open();

        client.send("0{\"token\":\"wrong\"}");

        assertEquals(List.of("44{\"message\":\"not authorized\"}"), client.texts());
        assertTrue(main.sockets().isEmpty());
        assertTrue(main.adapter().rooms().isEmpty());
        assertTrue(connected.isEmpty());
        assertTrue(client.isOpen());

        client.clear();
        client.connect("/", "{\"token\":\"secret\"}");
        assertEquals(1, connected.size(), "the same connection may try again");
    }

    @Test
    void a_socket_refused_by_a_middleware_leaves_no_trace_in_the_rooms_even_if_the_middleware_joined_some() {
        Namespace main = harness.io.of("/")
                .use(socket -> socket.join("vip"))
                .use(socket -> {
                    throw new ConnectRefusedException("no");
                });
        TestClient refused = harness.open();
        refused.send("0");

        assertEquals(List.of("44{\"message\":\"no\"}"), refused.texts());
        assertEquals(Set.of(), main.adapter().rooms(), "the refused socket must not stay in the rooms it joined");
        assertEquals(Set.of(), main.to("vip").socketIds());
    }

    @Test
    void a_middleware_refusal_with_data_sends_the_message_and_the_data() {
        harness.io.of("/admin").use(socket -> {
            throw new ConnectRefusedException("forbidden", Json.createObjectBuilder().add("retry", false).build());
        });
        TestClient client = harness.open();

        client.send("0/admin,");

        assertEquals(List.of("44/admin,{\"message\":\"forbidden\",\"data\":{\"retry\":false}}"), client.texts());
    }

    @Test
    void a_failing_middleware_refuses_the_socket_without_showing_its_internals() {
        harness.io.of("/").use(socket -> {
            throw new IllegalStateException("database password is hunter2");
        });
        TestClient client = harness.open();

        client.send("0");

        assertEquals(List.of("44{\"message\":\"Internal server error\"}"), client.texts());
    }

    @Test
    void middlewares_run_in_order_and_the_first_refusal_stops_the_chain() {
        List<String> ran = new ArrayList<>();
        harness.io.of("/")
                .use(socket -> ran.add("first"))
                .use(socket -> {
                    ran.add("second");
                    throw new ConnectRefusedException("no");
                })
                .use(socket -> ran.add("third"));

        harness.open().send("0");

        assertEquals(List.of("first", "second"), ran);
    }

    @Test
    void connection_listeners_run_after_the_connect_was_answered() {
        List<List<String>> writtenWhenCalled = new ArrayList<>();
        TestClient[] client = new TestClient[1];
        harness.io.of("/").onConnection(socket -> {
            writtenWhenCalled.add(client[0].texts());
            socket.emit("welcome");
        });
        client[0] = harness.open();

        client[0].send("0");

        assertEquals(1, writtenWhenCalled.size());
        assertTrue(writtenWhenCalled.get(0).get(0).startsWith("40{"), "the CONNECT answer is out first");
        assertEquals("42[\"welcome\"]", client[0].lastText());
    }

    @Test
    void a_second_connect_to_a_namespace_already_joined_closes_the_connection_as_the_reference_server_does() {
        Namespace main = harness.io.of("/");
        TestClient client = harness.connect("/");

        client.send("0");

        assertEquals(1, client.texts().size(), "no second CONNECT answer");
        assertFalse(client.isOpen());
        assertEquals(CloseReasons.FORCED_CLOSE, client.session.closeReason());
        assertTrue(main.sockets().isEmpty());
    }

    @Test
    void one_connection_joins_several_namespaces_with_one_socket_each() {
        harness.io.of("/");
        harness.io.of("/chat");
        TestClient client = harness.open();

        String main = client.connect("/");
        String chat = client.connect("/chat");

        assertNotEquals(main, chat);
        assertEquals(client.session.id(), client.socket("/", main).sessionId());
        assertEquals(client.session.id(), client.socket("/chat", chat).sessionId());
    }

    @Test
    void leaving_one_namespace_keeps_the_other_namespaces_of_the_connection() {
        Namespace mainNamespace = harness.io.of("/");
        Namespace chatNamespace = harness.io.of("/chat");
        TestClient client = harness.open();
        String main = client.connect("/");
        String chat = client.connect("/chat");

        client.send("1/chat,");

        assertTrue(chatNamespace.sockets().isEmpty());
        assertTrue(client.socket("/", main).connected());
        assertEquals(main, mainNamespace.sockets().keySet().iterator().next());
        String again = client.connect("/chat"); // a namespace left may be joined again
        assertNotEquals(chat, again);
        assertTrue(client.isOpen());
    }

    @Test
    void a_connection_that_joins_no_namespace_in_time_is_closed() {
        harness.io.of("/");
        TestClient client = harness.open();

        harness.scheduler.advance(SioHarness.CONNECT_TIMEOUT.minusMillis(1));
        assertTrue(client.isOpen());
        harness.scheduler.advanceMillis(1);

        assertFalse(client.isOpen());
        assertEquals(CloseReasons.FORCED_CLOSE, client.session.closeReason());
        assertEquals(0, harness.engine.sessionCount());
    }

    @Test
    void a_connection_whose_every_connect_was_refused_is_closed_at_the_connect_timeout() {
        harness.io.of("/").use(socket -> {
            throw new ConnectRefusedException("no");
        });
        TestClient client = harness.open();
        client.send("0");
        client.send("0/unknown,");

        harness.scheduler.advance(SioHarness.CONNECT_TIMEOUT);

        assertFalse(client.isOpen());
    }

    @Test
    void a_connection_that_joined_a_namespace_outlives_the_connect_timeout() {
        harness.io.of("/");
        TestClient client = harness.connect("/");

        harness.scheduler.advance(SioHarness.CONNECT_TIMEOUT.multipliedBy(3));

        assertTrue(client.isOpen());
    }

    @Test
    void namespace_names_are_normalized_to_start_with_a_slash() {
        Namespace chat = harness.io.of("chat");

        assertEquals("/chat", chat.name());
        assertSame(chat, harness.io.of("/chat"));
        assertSame(harness.io.of("/"), harness.io.of(""));
        assertSame(harness.io.of("/"), harness.io.of(null));
    }
}
