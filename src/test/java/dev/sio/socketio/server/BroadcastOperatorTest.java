package dev.sio.socketio.server;

import dev.sio.socketio.server.SioHarness.TestClient;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BroadcastOperatorTest {

    private final SioHarness harness = new SioHarness();
    private final Namespace main = harness.io.of("/");

    @Test
    void to_returns_a_new_operator_and_leaves_the_original_unchanged() {
        BroadcastOperator red = main.to("red");

        BroadcastOperator redAndBlue = red.to("blue");

        assertNotSame(red, redAndBlue);
        assertEquals(Set.of("red"), red.rooms());
        assertEquals(Set.of("red", "blue"), redAndBlue.rooms());
        assertEquals(Set.of("red", "green"), red.in("green").rooms());
        assertEquals(Set.of("red"), red.rooms());
    }

    @Test
    void except_returns_a_new_operator_and_leaves_the_original_unchanged() {
        BroadcastOperator red = main.to("red");

        BroadcastOperator redButMuted = red.except("muted");

        assertNotSame(red, redButMuted);
        assertEquals(Set.of(), red.exceptRooms());
        assertEquals(Set.of("muted"), redButMuted.exceptRooms());
        assertEquals(Set.of("red"), redButMuted.rooms());
    }

    @Test
    void timeout_returns_a_new_operator_and_leaves_the_original_without_one() {
        harness.connect("/");
        BroadcastOperator all = main.to();

        BroadcastOperator timed = all.timeout(Duration.ofSeconds(1));

        assertNotSame(all, timed);
        assertThrows(IllegalStateException.class, () -> all.emitWithAck("q"), "the original still has no timeout");
        timed.emitWithAck("q");
    }

    @Test
    void volatile_operator_returns_a_new_operator_and_leaves_the_original_reliable() {
        TestClient slow = harness.connect("/");
        slow.clear();
        slow.transport.hold();
        BroadcastOperator all = main.to();

        BroadcastOperator dropping = all.volatileOperator();
        dropping.emit("dropped");
        all.emit("kept");

        assertNotSame(all, dropping);
        slow.transport.release(slow.session);
        assertEquals(List.of("42[\"kept\"]"), slow.texts());
    }

    @Test
    void the_room_sets_of_an_operator_cannot_be_changed_from_outside() {
        BroadcastOperator op = main.to("red").except("blue");

        assertThrows(UnsupportedOperationException.class, () -> op.rooms().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> op.exceptRooms().add("x"));
    }

    @Test
    void an_operator_can_be_kept_and_used_again() {
        TestClient a = harness.open();
        Socket socket = a.socket("/", a.connect("/"));
        socket.join("red");
        a.clear();
        BroadcastOperator red = main.to("red");

        red.emit("one");
        red.emit("two");

        assertEquals(List.of("42[\"one\"]", "42[\"two\"]"), a.texts());
    }

    @Test
    void a_socket_operator_keeps_excluding_the_sender_whatever_is_added() {
        TestClient a = harness.open();
        Socket sender = a.socket("/", a.connect("/"));
        TestClient b = harness.connect("/");
        b.clear();
        a.clear();

        BroadcastOperator op = sender.to("x").to(sender.id()).timeout(Duration.ofSeconds(1)).volatileOperator();

        assertTrue(op.exceptRooms().contains(sender.id()));
        sender.broadcast().emit("hi");
        assertTrue(a.texts().isEmpty());
        assertEquals(List.of("42[\"hi\"]"), b.texts());
    }
}
