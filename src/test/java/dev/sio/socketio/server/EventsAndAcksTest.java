package dev.sio.socketio.server;

import dev.sio.socketio.server.SioHarness.Frame;
import dev.sio.socketio.server.SioHarness.TestClient;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EventsAndAcksTest {

    private final SioHarness harness = new SioHarness();
    private final Namespace main = harness.io.of("/");
    private final Namespace chat = harness.io.of("/chat");

    // System.Logger goes to java.util.logging here; a strong reference keeps the logger (and our handler) alive
    private final Logger socketLog = Logger.getLogger(Socket.class.getName());
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        socketLog.addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        socketLog.removeHandler(capture);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get());
        return e.getCause();
    }

    // ---- events ----

    @Test
    void an_event_reaches_the_namespace_handler_with_its_sender_and_arguments() {
        List<Object> seen = new ArrayList<>();
        main.on("hello", (socket, args, ack) -> {
            seen.add(socket.id());
            seen.add(args.size());
            seen.add(args.get(0, Integer.class));
            seen.add(args.get(1, String.class));
            seen.add(args.get(2, Map.class).get("a"));
            seen.add(ack);
        });
        TestClient client = harness.open();
        String sid = client.connect("/");

        client.send("2[\"hello\",1,\"two\",{\"a\":\"b\"}]");

        assertEquals(List.of(sid, 3, 1, "two", "b"), seen.subList(0, 5));
        assertNull(seen.get(5), "no ack object when the client asked for none");
    }

    @Test
    void an_event_goes_to_the_handler_of_its_own_namespace_only() {
        List<String> seen = new ArrayList<>();
        main.on("ping", (socket, args, ack) -> seen.add("main"));
        chat.on("ping", (socket, args, ack) -> seen.add("chat " + args.get(0, String.class)));
        TestClient client = harness.open();
        client.connect("/");
        client.connect("/chat");

        client.send("2/chat,[\"ping\",\"x\"]");

        assertEquals(List.of("chat x"), seen);
    }

    @Test
    void a_socket_handler_comes_before_the_namespace_handler() {
        List<String> seen = new ArrayList<>();
        main.on("e", (socket, args, ack) -> seen.add("namespace"));
        main.onConnection(socket -> socket.on("e", (s, args, ack) -> seen.add("socket")));
        TestClient client = harness.connect("/");

        client.send("2[\"e\"]");

        assertEquals(List.of("socket"), seen);
    }

    @Test
    void catch_all_listeners_see_every_event_after_its_handler_the_sockets_own_first() {
        List<String> seen = new CopyOnWriteArrayList<>();
        main.on("e", (socket, args, ack) -> seen.add("handler"));
        main.onAny((socket, event, args, ack) -> seen.add("namespace " + event + " " + args.size() + " " + (ack != null)));
        main.onConnection(socket -> socket.onAny((s, event, args, ack) -> seen.add("socket " + event)));
        main.onConnection(socket -> socket.onAny((s, event, args, ack) -> {
            throw new IllegalStateException("a failing listener stops nothing");
        }));
        TestClient client = harness.connect("/");

        client.send("21[\"e\",1]");
        client.send("2[\"other\"]");

        assertEquals(List.of("handler", "socket e", "namespace e 1 false", "socket other", "namespace other 0 false"), seen);
        assertTrue(client.isOpen());
    }

    @Test
    void outgoing_listeners_see_emits_and_broadcasts_to_each_recipient_but_not_acknowledgements() {
        List<String> seen = new CopyOnWriteArrayList<>();
        main.onAnyOutgoing((socket, event, args) -> seen.add("namespace " + event + " " + args.size() + " " + socket.id()));
        main.onConnection(socket -> socket.onAnyOutgoing((s, event, args) -> seen.add("socket " + event)));
        main.on("ask", (socket, args, ack) -> ack.send("answer"));
        TestClient a = harness.open();
        String idA = a.connect("/");
        TestClient b = harness.connect("/");
        seen.clear();

        main.socket(idA).emit("direct", 1, 2);
        main.emit("everyone");
        a.send("21[\"ask\"]");

        assertEquals(6, seen.size(), "nothing for the acknowledgement: " + seen);
        assertEquals(List.of("socket direct", "namespace direct 2 " + idA), seen.subList(0, 2));
        assertEquals(2, seen.stream().filter(e -> e.startsWith("namespace everyone 0")).count(), "once per recipient: " + seen);
        assertEquals(2, seen.stream().filter(e -> e.equals("socket everyone")).count(), seen.toString());
        assertTrue(b.isOpen());
    }

    @Test
    void a_namespace_takes_one_handler_per_event() {
        main.on("e", (socket, args, ack) -> { });

        assertThrows(IllegalStateException.class, () -> main.on("e", (socket, args, ack) -> { }));
    }

    @Test
    void an_event_nobody_handles_is_dropped_and_the_connection_stays() {
        TestClient client = harness.connect("/");
        client.clear();

        client.send("21[\"nobody\"]");

        assertTrue(client.isOpen());
        assertTrue(client.texts().isEmpty());
    }

    @Test
    void an_event_for_a_namespace_the_connection_has_not_joined_closes_the_connection() {
        List<String> seen = new ArrayList<>();
        chat.on("e", (socket, args, ack) -> seen.add("chat"));
        TestClient client = harness.connect("/");

        client.send("2/chat,[\"e\"]");

        assertTrue(seen.isEmpty());
        assertFalse(client.isOpen());
        assertEquals(dev.sio.engineio.server.CloseReasons.FORCED_CLOSE, client.session.closeReason());
    }

    @Test
    void a_numeric_event_name_reaches_the_handler_of_that_number() {
        List<String> seen = new ArrayList<>();
        main.on("42", (socket, args, ack) -> seen.add(args.get(0, String.class)));
        TestClient client = harness.connect("/");

        client.send("2[42,\"x\"]");

        assertEquals(List.of("x"), seen);
    }

    // ---- acknowledgements the client asked for ----

    @Test
    void the_handler_acknowledges_with_the_id_the_client_sent() {
        main.on("add", (socket, args, ack) -> ack.send(args.get(0, Integer.class) + args.get(1, Integer.class), "done"));
        TestClient client = harness.connect("/");
        client.clear();

        client.send("217[\"add\",2,3]");

        assertEquals(List.of("4317[5,\"done\"]"), client.texts());
    }

    @Test
    void an_acknowledgement_in_a_custom_namespace_names_that_namespace() {
        chat.on("q", (socket, args, ack) -> ack.send());
        TestClient client = harness.open();
        client.connect("/chat");
        client.clear();

        client.send("2/chat,4[\"q\"]");

        assertEquals(List.of("43/chat,4[]"), client.texts());
    }

    @Test
    void an_acknowledgement_is_sent_once_only() {
        main.on("q", (socket, args, ack) -> {
            ack.send("first");
            ack.send("second");
        });
        TestClient client = harness.connect("/");
        client.clear();

        client.send("20[\"q\"]");

        assertEquals(List.of("430[\"first\"]"), client.texts());
    }

    @Test
    void an_acknowledgement_after_the_socket_left_is_not_sent() {
        Ack[] kept = new Ack[1];
        main.on("later", (socket, args, ack) -> kept[0] = ack);
        TestClient client = harness.connect("/");
        client.send("23[\"later\"]");
        client.send("1");
        client.clear();

        kept[0].send("too late");

        assertTrue(client.texts().isEmpty());
    }

    @Test
    void a_failing_handler_is_logged_and_acknowledged_with_internal_server_error() {
        main.on("explode", (socket, args, ack) -> {
            throw new IllegalStateException("secret internals");
        });
        TestClient client = harness.connect("/");
        client.clear();

        client.send("29[\"explode\"]");

        assertEquals(List.of("439[{\"error\":\"internal server error\"}]"), client.texts());
        assertTrue(client.isOpen());
        assertTrue(logged.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                        && r.getThrown() instanceof IllegalStateException
                        && r.getMessage().contains("explode")),
                "the failure is logged with its exception: " + logged);
    }

    @Test
    void a_failing_handler_without_acknowledgement_keeps_the_connection_open() {
        main.on("explode", (socket, args, ack) -> {
            throw new Exception("checked");
        });
        TestClient client = harness.connect("/");
        client.clear();

        client.send("2[\"explode\"]");

        assertTrue(client.isOpen());
        assertTrue(client.texts().isEmpty());
    }

    @Test
    void a_handler_that_acknowledged_before_it_failed_sends_no_second_acknowledgement() {
        main.on("half", (socket, args, ack) -> {
            ack.send("ok");
            throw new IllegalStateException("after the ack");
        });
        TestClient client = harness.connect("/");
        client.clear();

        client.send("25[\"half\"]");

        assertEquals(List.of("435[\"ok\"]"), client.texts());
    }

    /** JSON-B cannot write this: its only property throws. */
    public static final class Unwritable {
        public String getValue() {
            throw new IllegalStateException("cannot be read");
        }
    }

    @Test
    void an_acknowledgement_whose_arguments_cannot_be_written_still_answers_internal_server_error() {
        main.on("bad-ack", (socket, args, ack) -> ack.send(new Unwritable()));
        TestClient client = harness.connect("/");
        client.clear();

        client.send("26[\"bad-ack\"]");

        assertEquals(List.of("436[{\"error\":\"internal server error\"}]"), client.texts(),
                "the handler failed (its ack could not be written): the client's callback must still get an answer");
    }

    // ---- acknowledgements the server asks for ----

    @Test
    void emit_with_ack_completes_with_the_clients_answer() throws Exception {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));
        client.clear();

        CompletableFuture<Payload> answer = socket.emitWithAck("question", 1, "two");

        Frame frame = Frame.parse(client.lastText());
        assertEquals(2, frame.type());
        assertTrue(frame.id() >= 0);
        assertEquals(SioHarness.json("[\"question\",1,\"two\"]"), frame.data());
        assertFalse(answer.isDone());

        client.send("3" + frame.id() + "[\"yes\",42]");

        Payload payload = answer.get();
        assertEquals("yes", payload.get(0, String.class));
        assertEquals(42, payload.get(1, int.class));
    }

    @Test
    void each_emit_with_ack_gets_its_own_id_and_answers_are_matched_by_id() throws Exception {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));
        client.clear();

        CompletableFuture<Payload> first = socket.emitWithAck("a");
        CompletableFuture<Payload> second = socket.emitWithAck("b");
        long firstId = Frame.parse(client.texts().get(0)).id();
        long secondId = Frame.parse(client.texts().get(1)).id();
        assertNotEquals(firstId, secondId);

        client.send("3" + secondId + "[\"for b\"]");
        client.send("3" + firstId + "[\"for a\"]");

        assertEquals("for a", first.get().get(0, String.class));
        assertEquals("for b", second.get().get(0, String.class));
    }

    @Test
    void emit_with_ack_fails_with_ack_timeout_when_no_answer_comes_in_time() {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));
        client.clear();

        CompletableFuture<Payload> answer = socket.emitWithAck(Duration.ofMillis(100), "slow");
        long id = Frame.parse(client.lastText()).id();
        harness.scheduler.advanceMillis(99);
        assertFalse(answer.isDone());
        harness.scheduler.advanceMillis(1);

        assertInstanceOf(AckTimeoutException.class, failure(answer));
        client.send("3" + id + "[\"late\"]"); // ignored
        assertTrue(client.isOpen());
    }

    @Test
    void an_answer_in_time_cancels_the_ack_timeout() throws Exception {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));
        client.clear();

        CompletableFuture<Payload> answer = socket.emitWithAck(Duration.ofMillis(100), "quick");
        client.send("3" + Frame.parse(client.lastText()).id() + "[1]");
        harness.scheduler.advanceMillis(200);

        assertEquals(1, answer.get().get(0, int.class));
        assertEquals(1, harness.scheduler.pendingTasks(), "the deadline was cancelled: only the heartbeat is left");
    }

    @Test
    void pending_acknowledgements_fail_when_the_client_leaves_the_namespace() {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));

        CompletableFuture<Payload> answer = socket.emitWithAck("never answered");
        client.send("1");

        assertInstanceOf(AckTimeoutException.class, failure(answer));
    }

    @Test
    void pending_acknowledgements_fail_when_the_connection_closes() {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));

        CompletableFuture<Payload> answer = socket.emitWithAck(Duration.ofSeconds(60), "never answered");
        client.session.transportClosed("transport close");

        assertInstanceOf(AckTimeoutException.class, failure(answer));
    }

    @Test
    void emit_with_ack_on_a_socket_that_left_fails_at_once() {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));
        client.send("1");
        client.clear();

        CompletableFuture<Payload> answer = socket.emitWithAck("anyone?");

        assertInstanceOf(AckTimeoutException.class, failure(answer));
        assertTrue(client.texts().isEmpty());
    }

    @Test
    void an_acknowledgement_nobody_waits_for_is_dropped() {
        TestClient client = harness.connect("/");

        client.send("3999[\"unexpected\"]");

        assertTrue(client.isOpen());
    }

    @Test
    void emit_after_the_socket_left_sends_nothing() {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));
        client.send("1");
        client.clear();

        socket.emit("ghost");

        assertTrue(client.texts().isEmpty());
    }

    @Test
    void emit_maps_java_values_to_json() {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));
        client.clear();

        socket.emit("values", 1, 2.5, 3.0, true, null, "s", List.of(1, 2), Map.of("k", "v"), new int[] {7});

        JsonArray data = Frame.parse(client.lastText()).array();
        assertEquals(SioHarness.json("[\"values\",1,2.5,3,true,null,\"s\",[1,2],{\"k\":\"v\"},[7]]"), data);
    }

    @Test
    void socket_attributes_are_kept_per_socket() {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));

        socket.attribute("user", "ann");

        assertEquals("ann", socket.attribute("user"));
        socket.attribute("user", null);
        assertNull(socket.attribute("user"));
        assertSame(main, socket.namespace());
    }
}
