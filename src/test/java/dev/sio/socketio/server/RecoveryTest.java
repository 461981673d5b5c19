package dev.sio.socketio.server;

import dev.sio.engineio.server.CloseReasons;
import dev.sio.socketio.recovery.RecoveryLimits;
import dev.sio.socketio.server.SioHarness.Frame;
import dev.sio.socketio.server.SioHarness.TestClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connection state recovery in the namespace: what the stock client 4.6+ expects (pid in the CONNECT
 * answer, an offset appended to stored events, the same socket back with its rooms and missed
 * packets), and where this server is stricter than Node (at most once, same user, after the middlewares).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RecoveryTest {

    private static final Duration WINDOW = Duration.ofSeconds(2);

    private final SioHarness harness = new SioHarness(new SocketIoConfig(SioHarness.CONNECT_TIMEOUT, 10,
            new RecoveryLimits(WINDOW, false, 1_000, 1 << 20, 50_000, 32 << 20, 10_000, Set.of("/chat"))), 64);
    private final Namespace chat = harness.io.of("/chat");
    private final List<Socket> connected = new ArrayList<>();
    private final AtomicInteger disconnects = new AtomicInteger();

    RecoveryTest() {
        // the user is named by the auth payload's "user" (the JWT middleware uses the token's sub)
        chat.use(socket -> {
            JsonObject auth = socket.handshake().auth();
            if (auth.containsKey("refuse")) throw new ConnectRefusedException("invalid token: expired");
            socket.identify(auth.containsKey("user") ? auth.getString("user") : null);
        });
        chat.onConnection(socket -> {
            connected.add(socket);
            socket.onDisconnect(reason -> disconnects.incrementAndGet());
        });
        chat.on("join", (socket, args, ack) -> socket.join(args.get(0, String.class)));
    }

    /** A CONNECT answer's sid and pid. */
    private record Answer(String sid, String pid) {
    }

    private static Answer connect(TestClient client, String auth) {
        int before = client.texts().size();
        client.send("0/chat," + auth);
        String answer = client.texts().get(before);
        assertTrue(answer.startsWith("40/chat,{"), answer);
        JsonObject data = SioHarness.json(answer.substring("40/chat,".length())).asJsonObject();
        return new Answer(data.getString("sid"), data.containsKey("pid") ? data.getString("pid") : null);
    }

    /** The events the client got (after position {@code from}), as arrays. */
    private static List<JsonArray> events(TestClient client, int from) {
        List<JsonArray> events = new ArrayList<>();
        List<String> texts = client.texts();
        for (int i = from; i < texts.size(); i++) {
            if (texts.get(i).startsWith("42")) events.add(Frame.parse(texts.get(i)).array());
        }
        return events;
    }

    private static String offsetOf(JsonArray event) {
        return ((JsonString) event.get(event.size() - 1)).getString();
    }

    private static String lastOffset(TestClient client) {
        List<JsonArray> events = events(client, 0);
        return offsetOf(events.get(events.size() - 1));
    }

    private static String recoveryAuth(String user, Answer previous, String offset) {
        return "{\"user\":\"" + user + "\",\"pid\":\"" + previous.pid() + "\",\"offset\":\"" + offset + "\"}";
    }

    @Test
    void the_connect_answer_carries_a_pid_and_stored_events_carry_an_offset_as_last_argument() {
        TestClient client = harness.open();
        Answer answer = connect(client, "{\"user\":\"alice\"}");
        assertNotNull(answer.pid());
        assertNotEquals(answer.sid(), answer.pid());

        chat.emit("news", "hello");
        connected.get(0).emit("direct", 1);

        List<JsonArray> events = events(client, 0);
        assertEquals(2, events.size());
        assertEquals("news", events.get(0).getString(0));
        assertEquals("hello", events.get(0).getString(1));
        assertEquals(3, events.get(0).size(), "event, argument, offset");
        assertEquals(3, events.get(1).size());
        assertNotEquals(offsetOf(events.get(0)), offsetOf(events.get(1)));
    }

    @Test
    void a_namespace_not_covered_answers_without_pid_and_appends_nothing() {
        TestClient client = harness.open();
        client.connect("/"); // asserts the answer is {"sid"} only
        harness.io.of("/").emit("news", "hello");
        assertEquals(List.of("news", "hello"), events(client, 0).get(0).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
    }

    @Test
    void a_broadcast_is_encoded_once_for_every_recipient() {
        TestClient a = harness.open();
        TestClient b = harness.open();
        connect(a, "{\"user\":\"alice\"}");
        connect(b, "{\"user\":\"bob\"}");
        a.clear();
        b.clear();

        chat.emit("news", "hello");

        assertSame(a.transport.written().get(0), b.transport.written().get(0), "the same frame object for both");
    }

    @Test
    void acknowledged_and_volatile_emits_are_not_stored_and_carry_no_offset() {
        TestClient client = harness.open();
        connect(client, "{\"user\":\"alice\"}");
        Socket socket = connected.get(0);
        socket.emitWithAck("ask", "q");
        chat.volatileOperator().emit("tick", 1);

        assertEquals(List.of("42/chat,0[\"ask\",\"q\"]", "42/chat,[\"tick\",1]"), client.texts().subList(1, 3));
    }

    @Test
    void a_client_back_within_the_window_gets_the_same_socket_its_rooms_and_every_missed_packet_in_order_once() {
        TestClient first = harness.open();
        Answer previous = connect(first, "{\"user\":\"alice\"}");
        first.send("2/chat,[\"join\",\"room-a\"]");
        chat.emit("news", "before");
        String offset = lastOffset(first);
        first.session.closeNow(CloseReasons.TRANSPORT_CLOSE);
        assertEquals(1, disconnects.get());

        chat.emit("news", "missed-1");
        chat.to("room-a").emit("news", "missed-2");
        chat.to("room-b").emit("news", "not-for-me");
        chat.except("room-a").emit("news", "not-for-me-either");
        harness.scheduler.advanceMillis(1_500);

        TestClient back = harness.open();
        Answer answer = connect(back, recoveryAuth("alice", previous, offset));

        assertEquals(previous.sid(), answer.sid(), "the same socket id");
        assertEquals(previous.pid(), answer.pid(), "the same pid (the stock client compares it)");
        List<String> missed = events(back, 0).stream().map(e -> e.getString(1)).toList();
        assertEquals(List.of("missed-1", "missed-2"), missed);
        Socket socket = connected.get(1);
        assertTrue(socket.recovered());
        assertEquals(Set.of(previous.sid(), "room-a"), socket.rooms());
        assertSame(socket, chat.socket(previous.sid()));

        chat.to("room-a").emit("news", "live");
        assertEquals(List.of("missed-1", "missed-2", "live"), events(back, 0).stream().map(e -> e.getString(1)).toList());
        assertTrue(back.texts().get(0).startsWith("40/chat,"), "CONNECT first, then the missed packets");
    }

    @Test
    void emits_to_a_socket_whose_client_is_away_are_delivered_when_it_comes_back() {
        TestClient first = harness.open();
        Answer previous = connect(first, "{\"user\":\"alice\"}");
        Socket old = connected.get(0);
        chat.emit("news", "seen");
        String offset = lastOffset(first);
        first.session.closeNow(CloseReasons.PING_TIMEOUT);

        old.emit("direct", "while away");

        TestClient back = harness.open();
        connect(back, recoveryAuth("alice", previous, offset));
        assertEquals(List.of("while away"), events(back, 0).stream().map(e -> e.getString(1)).toList());
    }

    @Test
    void a_session_is_restored_at_most_once() {
        TestClient first = harness.open();
        Answer previous = connect(first, "{\"user\":\"alice\"}");
        chat.emit("news", "seen");
        String offset = lastOffset(first);
        first.session.closeNow(CloseReasons.TRANSPORT_CLOSE);
        chat.emit("news", "missed");

        TestClient back = harness.open();
        assertEquals(previous.sid(), connect(back, recoveryAuth("alice", previous, offset)).sid());
        TestClient again = harness.open();
        Answer second = connect(again, recoveryAuth("alice", previous, offset));

        assertNotEquals(previous.sid(), second.sid(), "a new socket");
        assertNotEquals(previous.pid(), second.pid());
        assertEquals(List.of(), events(again, 0), "nothing missed is sent twice");
        assertFalse(connected.get(2).recovered());
    }

    @Test
    void another_users_pid_gives_a_new_socket_and_leaves_the_session_to_its_owner() {
        TestClient first = harness.open();
        Answer previous = connect(first, "{\"user\":\"alice\"}");
        first.send("2/chat,[\"join\",\"secret\"]");
        chat.emit("news", "seen");
        String offset = lastOffset(first);
        first.session.closeNow(CloseReasons.TRANSPORT_CLOSE);
        chat.to("secret").emit("news", "for alice");

        TestClient thief = harness.open();
        Answer stolen = connect(thief, recoveryAuth("mallory", previous, offset));
        assertNotEquals(previous.sid(), stolen.sid());
        assertEquals(List.of(), events(thief, 0));
        assertEquals(Set.of(stolen.sid()), connected.get(1).rooms());

        TestClient owner = harness.open();
        assertEquals(previous.sid(), connect(owner, recoveryAuth("alice", previous, offset)).sid());
        assertEquals(List.of("for alice"), events(owner, 0).stream().map(e -> e.getString(1)).toList());
    }

    @Test
    void a_client_back_after_the_window_gets_a_new_socket() {
        TestClient first = harness.open();
        Answer previous = connect(first, "{\"user\":\"alice\"}");
        chat.emit("news", "seen");
        String offset = lastOffset(first);
        first.session.closeNow(CloseReasons.TRANSPORT_CLOSE);
        chat.emit("news", "missed");
        harness.scheduler.advanceMillis(WINDOW.toMillis() + 1);

        TestClient back = harness.open();
        Answer answer = connect(back, recoveryAuth("alice", previous, offset));

        assertNotEquals(previous.sid(), answer.sid());
        assertEquals(List.of(), events(back, 0));
        assertFalse(connected.get(1).recovered());
    }

    @Test
    void a_client_side_disconnect_is_not_recoverable() {
        TestClient first = harness.open();
        Answer previous = connect(first, "{\"user\":\"alice\"}");
        chat.emit("news", "seen");
        String offset = lastOffset(first);
        first.send("1/chat,");
        chat.emit("news", "after leaving");

        TestClient back = harness.open();
        assertNotEquals(previous.sid(), connect(back, recoveryAuth("alice", previous, offset)).sid());
        assertEquals(List.of(), events(back, 0));
    }

    @Test
    void a_refused_recovery_sends_nothing_and_a_later_valid_one_delivers_each_missed_packet_once() {
        TestClient first = harness.open();
        Answer previous = connect(first, "{\"user\":\"alice\"}");
        chat.emit("news", "seen");
        String offset = lastOffset(first);
        first.session.closeNow(CloseReasons.TRANSPORT_CLOSE);
        chat.emit("news", "missed");

        TestClient expired = harness.open();
        expired.send("0/chat,{\"refuse\":true,\"user\":\"alice\",\"pid\":\"" + previous.pid() + "\",\"offset\":\"" + offset + "\"}");
        assertEquals(List.of("44/chat,{\"message\":\"invalid token: expired\"}"), expired.texts(), "only the refusal");

        TestClient renewed = harness.open();
        assertEquals(previous.sid(), connect(renewed, recoveryAuth("alice", previous, offset)).sid());
        assertEquals(List.of("missed"), events(renewed, 0).stream().map(e -> e.getString(1)).toList());
        TestClient fresh = harness.open();
        connect(fresh, recoveryAuth("alice", previous, offset));
        assertEquals(List.of(), events(fresh, 0));
    }

    @Test
    void a_forged_pid_or_offset_gives_a_new_socket() {
        TestClient first = harness.open();
        Answer previous = connect(first, "{\"user\":\"alice\"}");
        chat.emit("news", "seen");
        first.session.closeNow(CloseReasons.TRANSPORT_CLOSE);

        TestClient forgedPid = harness.open();
        assertNotEquals(previous.sid(), connect(forgedPid, "{\"user\":\"alice\",\"pid\":\"forged\",\"offset\":\"x\"}").sid());
        TestClient forgedOffset = harness.open();
        assertNotEquals(previous.sid(), connect(forgedOffset, recoveryAuth("alice", previous, "no-such-offset")).sid());
        assertNull(chat.socket(previous.sid()));
    }

    @Test
    void the_restored_socket_runs_the_connect_handlers_and_is_told_recovered() {
        TestClient first = harness.open();
        Answer previous = connect(first, "{\"user\":\"alice\"}");
        connected.get(0).attribute("nick", "al");
        chat.emit("news", "seen");
        String offset = lastOffset(first);
        first.session.closeNow(CloseReasons.SERVER_SHUTTING_DOWN);

        connect(harness.open(), recoveryAuth("alice", previous, offset));

        assertEquals(2, connected.size(), "the connect handler ran for the recovered socket");
        assertTrue(connected.get(1).recovered());
        assertEquals("al", connected.get(1).attribute("nick"), "its data came back");
        assertEquals("alice", connected.get(1).userId());
    }

    @Test
    void a_recovered_socket_whose_connection_closes_again_is_kept_again() {
        TestClient first = harness.open();
        Answer previous = connect(first, "{\"user\":\"alice\"}");
        chat.emit("news", "seen");
        String offset = lastOffset(first);
        first.session.closeNow(CloseReasons.TRANSPORT_CLOSE);
        TestClient back = harness.open();
        connect(back, recoveryAuth("alice", previous, offset));
        chat.emit("news", "seen again");
        String offset2 = lastOffset(back);
        back.session.closeNow(CloseReasons.TRANSPORT_ERROR);
        chat.emit("news", "missed again");

        TestClient third = harness.open();
        assertEquals(previous.sid(), connect(third, recoveryAuth("alice", previous, offset2)).sid());
        assertEquals(List.of("missed again"), events(third, 0).stream().map(e -> e.getString(1)).toList());
    }

    @Test
    void with_skip_middlewares_a_kept_session_is_restored_without_the_middlewares_and_an_unknown_pid_is_checked_by_them() {
        SioHarness skipping = new SioHarness(new SocketIoConfig(SioHarness.CONNECT_TIMEOUT, 10,
                new RecoveryLimits(WINDOW, true, 1_000, 1 << 20, 50_000, 32 << 20, 10_000, Set.of("*"))), 64);
        Namespace ns = skipping.io.of("/chat");
        AtomicInteger middlewareRuns = new AtomicInteger();
        ns.use(socket -> {
            middlewareRuns.incrementAndGet();
            socket.identify("alice");
        });
        TestClient first = skipping.open();
        Answer previous = connect(first, "{}");
        ns.emit("news", "seen");
        String offset = lastOffset(first);
        first.session.closeNow(CloseReasons.TRANSPORT_CLOSE);
        ns.emit("news", "missed");

        TestClient back = skipping.open();
        Answer answer = connect(back, "{\"pid\":\"" + previous.pid() + "\",\"offset\":\"" + offset + "\"}");

        assertEquals(previous.sid(), answer.sid());
        assertEquals(1, middlewareRuns.get(), "the middlewares ran for the first connect only");
        assertEquals(List.of("missed"), events(back, 0).stream().map(e -> e.getString(1)).toList());
        assertEquals("alice", ns.socket(previous.sid()).userId(), "the user comes from the session");

        TestClient unknown = skipping.open();
        connect(unknown, "{\"pid\":\"no-such-pid\",\"offset\":\"" + offset + "\"}");
        assertEquals(2, middlewareRuns.get(), "an unknown pid goes through the middlewares");
    }
}
