package dev.sio.socketio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.socketio.server.SioHarness.Frame;
import dev.sio.socketio.server.SioHarness.TestClient;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RoomsAndBroadcastTest {

    private final SioHarness harness = new SioHarness();
    private final Namespace main = harness.io.of("/");

    /** A connected client and its socket in the main namespace. */
    private record Member(TestClient client, Socket socket) {
        List<String> texts() {
            return client.texts();
        }
    }

    private Member member() {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/"));
        client.clear();
        return new Member(client, socket);
    }

    private static boolean got(Member m, String text) {
        return m.texts().contains(text);
    }

    // ---- rooms ----

    @Test
    void every_socket_is_in_the_room_named_by_its_own_id() {
        Member a = member();

        assertEquals(Set.of(a.socket.id()), a.socket.rooms());
        assertEquals(Set.of(a.socket.id()), main.adapter().sockets(Set.of(a.socket.id())));
    }

    @Test
    void a_socket_joins_and_leaves_rooms() {
        Member a = member();

        a.socket.join("red", "blue");
        assertEquals(Set.of(a.socket.id(), "red", "blue"), a.socket.rooms());

        a.socket.leave("red");
        assertEquals(Set.of(a.socket.id(), "blue"), a.socket.rooms());
        assertFalse(main.adapter().rooms().contains("red"), "an empty room disappears");
    }

    @Test
    void a_socket_that_leaves_the_namespace_leaves_all_its_rooms() {
        Member a = member();
        Member b = member();
        a.socket.join("red");
        b.socket.join("red");

        a.client.send("1");

        assertEquals(Set.of(), a.socket.rooms());
        assertEquals(Set.of(b.socket.id()), main.adapter().sockets(Set.of("red")));
        assertFalse(main.adapter().rooms().contains(a.socket.id()));
    }

    // ---- selecting recipients ----

    @Test
    void a_broadcast_to_a_room_reaches_its_members_only() {
        Member a = member();
        Member b = member();
        Member c = member();
        a.socket.join("red");
        b.socket.join("red");

        main.to("red").emit("news", "hot");

        assertTrue(got(a, "42[\"news\",\"hot\"]"));
        assertTrue(got(b, "42[\"news\",\"hot\"]"));
        assertTrue(c.texts().isEmpty());
    }

    @Test
    void a_broadcast_to_several_rooms_reaches_a_member_of_both_once() {
        Member a = member();
        Member b = member();
        Member c = member();
        a.socket.join("red", "blue");
        b.socket.join("blue");

        main.to("red").to("blue").emit("x");

        assertEquals(List.of("42[\"x\"]"), a.texts());
        assertEquals(List.of("42[\"x\"]"), b.texts());
        assertTrue(c.texts().isEmpty());
    }

    @Test
    void except_leaves_out_the_members_of_the_excepted_rooms() {
        Member a = member();
        Member b = member();
        Member c = member();
        a.socket.join("red");
        b.socket.join("red", "muted");

        main.to("red").except("muted").emit("x");
        main.except(c.socket.id()).emit("y");

        assertEquals(List.of("42[\"x\"]", "42[\"y\"]"), a.texts());
        assertEquals(List.of("42[\"y\"]"), b.texts());
        assertTrue(c.texts().isEmpty());
    }

    @Test
    void a_namespace_emit_reaches_every_socket_of_that_namespace_and_no_other() {
        harness.io.of("/chat");
        Member a = member();
        Member b = member();
        TestClient chatOnly = harness.open();
        chatOnly.connect("/chat");
        chatOnly.clear();

        main.emit("all", 1);

        assertEquals(List.of("42[\"all\",1]"), a.texts());
        assertEquals(List.of("42[\"all\",1]"), b.texts());
        assertTrue(chatOnly.texts().isEmpty());
    }

    @Test
    void socket_to_reaches_the_room_but_not_the_sender() {
        Member sender = member();
        Member other = member();
        sender.socket.join("red");
        other.socket.join("red");

        sender.socket.to("red").emit("msg");
        sender.socket.broadcast().emit("everyone-else");

        assertTrue(sender.texts().isEmpty());
        assertEquals(List.of("42[\"msg\"]", "42[\"everyone-else\"]"), other.texts());
    }

    @Test
    void socket_to_from_inside_an_event_handler_leaves_the_sender_out() {
        main.on("say", (socket, args, ack) -> socket.to("red").emit("said", args.values()));
        Member sender = member();
        Member other = member();
        sender.socket.join("red");
        other.socket.join("red");

        sender.client.send("2[\"say\",\"hi\"]");

        assertTrue(sender.texts().isEmpty());
        assertEquals(List.of("42[\"said\",\"hi\"]"), other.texts());
    }

    @Test
    void a_socket_can_be_reached_through_its_own_id_room() {
        Member a = member();
        Member b = member();

        main.to(b.socket.id()).emit("direct");

        assertTrue(a.texts().isEmpty());
        assertEquals(List.of("42[\"direct\"]"), b.texts());
    }

    // ---- encode once ----

    @Test
    void a_broadcast_writes_the_same_packet_instance_to_every_recipient() {
        Member a = member();
        Member b = member();
        Member c = member();

        main.emit("shared", "payload");

        EnginePacket first = a.client.transport.last();
        assertSame(first, b.client.transport.last());
        assertSame(first, c.client.transport.last());
        assertEquals("42[\"shared\",\"payload\"]", first.wireText());
    }

    @Test
    void a_binary_broadcast_writes_the_same_header_and_attachment_instances_to_every_recipient() {
        Member a = member();
        Member b = member();

        main.emit("blob", (Object) new byte[] {1, 2, 3});

        List<EnginePacket> toA = a.client.transport.written();
        List<EnginePacket> toB = b.client.transport.written();
        assertEquals(2, toA.size());
        assertEquals(2, toB.size());
        assertSame(toA.get(0), toB.get(0));
        assertSame(toA.get(1), toB.get(1));
        assertTrue(toA.get(0).wireText().startsWith("451-[\"blob\","));
        assertTrue(toA.get(1).isBinary());
    }

    // ---- volatile ----

    @Test
    void a_volatile_broadcast_skips_a_client_whose_transport_is_busy() {
        Member fast = member();
        Member slow = member();
        slow.client.transport.hold();

        main.volatileOperator().emit("tick", 1);

        assertEquals(List.of("42[\"tick\",1]"), fast.texts());
        slow.client.transport.release(slow.client.session);
        assertTrue(slow.texts().isEmpty());
        assertTrue(slow.client.isOpen());
    }

    // ---- acknowledgements of a broadcast ----

    @Test
    void a_broadcast_with_ack_collects_one_answer_per_recipient() throws Exception {
        Member a = member();
        Member b = member();
        Member c = member();

        CompletableFuture<List<Payload>> answers = main.timeout(Duration.ofSeconds(1)).emitWithAck("vote");

        long id = Frame.parse(a.client.lastText()).id();
        assertEquals(id, Frame.parse(b.client.lastText()).id(), "one packet, one id, for every recipient");
        a.client.send("3" + id + "[\"a\"]");
        b.client.send("3" + id + "[\"b\"]");
        assertFalse(answers.isDone());
        c.client.send("3" + id + "[\"c\"]");

        Set<String> got = new HashSet<>();
        for (Payload p : answers.get()) got.add(p.get(0, String.class));
        assertEquals(Set.of("a", "b", "c"), got);
    }

    @Test
    void a_broadcast_with_ack_fails_with_ack_timeout_when_an_answer_is_missing() {
        Member a = member();
        member();

        CompletableFuture<List<Payload>> answers = main.timeout(Duration.ofMillis(200)).emitWithAck("vote");
        a.client.send("3" + Frame.parse(a.client.lastText()).id() + "[\"a\"]");
        harness.scheduler.advanceMillis(199);
        assertFalse(answers.isDone());
        harness.scheduler.advanceMillis(1);

        ExecutionException e = assertThrows(ExecutionException.class, answers::get);
        assertInstanceOf(AckTimeoutException.class, e.getCause());
    }

    @Test
    void a_broadcast_with_ack_to_nobody_completes_at_once_with_no_answers() throws Exception {
        member();

        CompletableFuture<List<Payload>> answers = main.to("empty-room").timeout(Duration.ofSeconds(1)).emitWithAck("q");

        assertEquals(List.of(), answers.get());
    }

    @Test
    void a_broadcast_with_ack_needs_a_timeout() {
        member();

        assertThrows(IllegalStateException.class, () -> main.to().emitWithAck("q"));
    }

    @Test
    void a_broadcast_with_ack_counts_only_the_selected_sockets() throws Exception {
        Member a = member();
        Member b = member();
        a.socket.join("red");

        CompletableFuture<List<Payload>> answers = main.to("red").timeout(Duration.ofSeconds(1)).emitWithAck("q");
        a.client.send("3" + Frame.parse(a.client.lastText()).id() + "[1]");

        assertEquals(1, answers.get().size());
        assertTrue(b.texts().isEmpty());
    }

    @Test
    void a_socket_that_left_is_not_brought_back_into_broadcasts_by_a_late_join() throws Exception {
        // e.g. a handler that finishes asynchronous work and joins a room after its client left
        Member leaving = member();
        Member staying = member();
        staying.socket.join("red");
        leaving.client.send("1");

        leaving.socket.join("red");

        CompletableFuture<List<Payload>> answers = main.to("red").timeout(Duration.ofMillis(100)).emitWithAck("q");
        staying.client.send("3" + Frame.parse(staying.client.lastText()).id() + "[\"here\"]");
        harness.scheduler.advanceMillis(100);
        assertFalse(answers.isCompletedExceptionally(),
                "the broadcast must not wait for an answer from a socket that left (it timed out instead)");
        assertEquals(1, answers.get().size());
        assertEquals(Set.of(staying.socket.id()), main.to("red").socketIds(), "only connected sockets are in rooms");
    }

    // ---- acting on the selected sockets ----

    @Test
    void selected_sockets_can_be_listed_joined_moved_and_disconnected() {
        Member a = member();
        Member b = member();
        Member c = member();
        a.socket.join("red");
        b.socket.join("red");

        assertEquals(Set.of(a.socket.id(), b.socket.id()), main.to("red").socketIds());
        assertEquals(Set.of(a.socket.id(), b.socket.id(), c.socket.id()), main.to().socketIds());
        assertEquals(Set.of(b.socket.id()), main.to("red").except(a.socket.id()).socketIds());

        main.to("red").socketsJoin("blue");
        assertEquals(Set.of(a.socket.id(), b.socket.id()), main.adapter().sockets(Set.of("blue")));

        main.to("blue").except(b.socket.id()).socketsLeave("red");
        assertEquals(Set.of(b.socket.id()), main.adapter().sockets(Set.of("red")));

        main.to("blue").disconnectSockets(false);
        assertFalse(a.socket.connected());
        assertFalse(b.socket.connected());
        assertTrue(c.socket.connected());
        assertEquals(List.of("41"), a.texts());
        assertTrue(a.client.isOpen());
        assertNull(main.socket(a.socket.id()));
    }
}
