package dev.sio.socketio.server;

import dev.sio.socketio.protocol.Parser;

import dev.sio.socketio.broadcast.AckedBroadcast;
import dev.sio.socketio.broadcast.AdapterHost;
import dev.sio.socketio.broadcast.Arguments;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.OutgoingPacket;
import dev.sio.socketio.broadcast.SocketSnapshot;
import dev.sio.socketio.recovery.RecoveryLimits;
import dev.sio.socketio.recovery.RecoveryStore;
import dev.sio.socketio.server.SioHarness.Frame;
import dev.sio.socketio.server.SioHarness.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adapter is the one seam for everything that spans sockets: an adapter installed through the
 * factory sees every such operation (and when it does nothing, nothing happens: no path goes around
 * it), and the in-memory adapter does each of them on the local sockets.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AdapterSeamTest {

    /**
     * Records every operation that spans sockets; passes it on to the in-memory adapter unless
     * {@code swallow}, and can play a cluster: other nodes' sockets, answers and counts.
     */
    static final class RecordingAdapter extends ForwardingAdapter {
        final String namespace;
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<OutgoingPacket> packets = new CopyOnWriteArrayList<>();
        volatile boolean swallow;
        volatile AdapterHost host;
        // the other "nodes"
        volatile int otherServers;
        volatile List<SocketSnapshot> remoteSockets = List.of();
        volatile List<Arguments> remoteAnswers = List.of();

        RecordingAdapter(String namespace, RecoveryStore recovery) {
            super(recovery);
            this.namespace = namespace;
        }

        @Override
        public void init(AdapterHost host) {
            this.host = host;
            log.add("init " + host.namespace());
            super.init(host);
        }

        @Override
        public int broadcast(OutgoingPacket packet, BroadcastOptions options) {
            log.add("broadcast " + describe(options) + " " + packet.packet().data());
            packets.add(packet);
            return swallow ? 0 : super.broadcast(packet, options);
        }

        @Override
        public void broadcastWithAck(OutgoingPacket packet, BroadcastOptions options, AckedBroadcast acks) {
            log.add("broadcastWithAck " + describe(options) + " timeout=" + options.timeout().toMillis());
            packets.add(packet);
            if (!swallow) super.broadcastWithAck(packet, options, acks);
            for (int i = 0; i < otherServers; i++) {
                for (Arguments answer : remoteAnswers) acks.ack(answer);
                acks.clientCount(remoteAnswers.size());
            }
        }

        @Override
        public void addSockets(BroadcastOptions options, Set<String> rooms) {
            log.add("addSockets " + describe(options) + " " + new TreeSet<>(rooms));
            if (!swallow) super.addSockets(options, rooms);
        }

        @Override
        public void delSockets(BroadcastOptions options, Set<String> rooms) {
            log.add("delSockets " + describe(options) + " " + new TreeSet<>(rooms));
            if (!swallow) super.delSockets(options, rooms);
        }

        @Override
        public void disconnectSockets(BroadcastOptions options, boolean close) {
            log.add("disconnectSockets " + describe(options) + " close=" + close);
            if (!swallow) super.disconnectSockets(options, close);
        }

        @Override
        public CompletionStage<List<SocketSnapshot>> fetchSockets(BroadcastOptions options) {
            log.add("fetchSockets " + describe(options));
            List<SocketSnapshot> remote = remoteSockets;
            return (swallow ? CompletableFuture.completedFuture(List.<SocketSnapshot>of()) : super.fetchSockets(options))
                    .thenApply(local -> {
                        List<SocketSnapshot> all = new ArrayList<>(local);
                        if (!options.local()) all.addAll(remote);
                        return all;
                    });
        }

        @Override
        public void serverSideEmit(Arguments event) {
            log.add("serverSideEmit " + event.values());
        }

        @Override
        public CompletionStage<List<Arguments>> serverSideEmitWithAck(Arguments event, Duration timeout) {
            log.add("serverSideEmitWithAck " + event.values() + " timeout=" + timeout.toMillis());
            return CompletableFuture.completedFuture(remoteAnswers);
        }

        @Override
        public CompletionStage<Set<String>> allRooms() {
            log.add("allRooms");
            return super.allRooms().thenApply(rooms -> {
                Set<String> all = new TreeSet<>(rooms);
                all.add("remote-room");
                return all;
            });
        }

        @Override
        public CompletionStage<Integer> serverCount() {
            log.add("serverCount");
            return CompletableFuture.completedFuture(1 + otherServers);
        }

        private static String describe(BroadcastOptions o) {
            return "rooms=" + new TreeSet<>(o.rooms()) + " except=" + new TreeSet<>(o.except())
                    + (o.local() ? " local" : "") + (o.isVolatile() ? " volatile" : "");
        }

        /** The log entries that start with this operation name. */
        List<String> of(String operation) {
            return log.stream().filter(e -> e.startsWith(operation + " ") || e.equals(operation)).toList();
        }
    }

    private final List<RecordingAdapter> made = new CopyOnWriteArrayList<>();
    private final List<String> factoryCalls = new CopyOnWriteArrayList<>();
    private final SioHarness harness = new SioHarness(new SocketIoConfig(SioHarness.CONNECT_TIMEOUT, 10,
            new RecoveryLimits(Duration.ofMinutes(2), false, 1_000, 1 << 20, 50_000, 32 << 20, 10_000, Set.of("/recovering")))
            .withAdapter((name, recovery) -> {
                factoryCalls.add(name + (recovery == null ? "" : " with recovery"));
                RecordingAdapter adapter = new RecordingAdapter(name, recovery);
                made.add(adapter);
                return adapter;
            }), 64);
    private final Namespace main = harness.io.of("/");
    private final RecordingAdapter adapter = adapterOf("/");

    private RecordingAdapter adapterOf(String namespace) {
        return made.stream().filter(a -> a.namespace.equals(namespace)).findFirst().orElseThrow();
    }

    private record Member(TestClient client, Socket socket) {
        List<String> texts() {
            return client.texts();
        }
    }

    private Member member() {
        return member(null);
    }

    private Member member(String auth) {
        TestClient client = harness.open();
        Socket socket = client.socket("/", client.connect("/", auth));
        client.clear();
        return new Member(client, socket);
    }

    // ---- the factory ----

    @Test
    void the_factory_makes_one_adapter_per_namespace_with_its_recovery_store_and_the_namespace_initialises_it() {
        harness.io.of("/chat");
        harness.io.of("/recovering");
        harness.io.of("/chat");

        assertEquals(List.of("/", "/chat", "/recovering with recovery"), factoryCalls);
        assertEquals(List.of("init /chat"), adapterOf("/chat").log);
        assertSame(adapterOf("/recovering").recovery(), harness.io.of("/recovering").adapter().recovery());
        assertNotNull(adapterOf("/recovering").recovery());
    }

    // ---- every operation goes through the adapter ----

    @Test
    void every_broadcast_goes_through_the_adapter_with_its_packet_and_options() {
        Member a = member();

        main.emit("all", 1);
        main.to("red").except("muted").emit("room", 2);
        main.volatileOperator().emit("v", 3);
        main.local().emit("here", 4);
        a.socket.broadcast().emit("others", 5);
        a.socket.to("red").emit("fromSocket", 6);

        assertEquals(List.of(
                "broadcast rooms=[] except=[] [\"all\",1]",
                "broadcast rooms=[red] except=[muted] [\"room\",2]",
                "broadcast rooms=[] except=[] volatile [\"v\",3]",
                "broadcast rooms=[] except=[] local [\"here\",4]",
                "broadcast rooms=[] except=[" + a.socket.id() + "] [\"others\",5]",
                "broadcast rooms=[red] except=[" + a.socket.id() + "] [\"fromSocket\",6]"), adapter.of("broadcast"));
        assertEquals("/", adapter.packets.get(0).packet().namespace());
        assertNull(adapter.packets.get(0).packet().id());
    }

    @Test
    void a_broadcast_with_ack_goes_through_the_adapter_which_numbers_it() {
        Member a = member();

        CompletableFuture<List<Payload>> answers = main.to("red", a.socket.id()).timeout(Duration.ofMillis(300)).emitWithAck("vote");

        assertEquals(List.of("broadcastWithAck rooms=[" + String.join(", ", new TreeSet<>(Set.of("red", a.socket.id())))
                + "] except=[] timeout=300"), adapter.of("broadcastWithAck"));
        assertEquals(List.of("serverCount"), adapter.of("serverCount"));
        assertNull(adapter.packets.get(0).packet().id(), "the operator leaves the numbering to the adapter");
        a.client.send("3" + Frame.parse(a.client.lastText()).id() + "[\"yes\"]");
        assertTrue(answers.isDone());
    }

    @Test
    void socket_operations_of_the_operator_and_the_namespace_go_through_the_adapter() throws Exception {
        Member a = member();

        main.to("red").socketsJoin("blue", "green");
        main.to("blue").except(a.socket.id()).socketsLeave("red");
        main.local().disconnectSockets(false);
        main.socketsJoin("x");
        main.socketsLeave("x");
        main.disconnectSockets(true);
        main.in("red").fetchSockets().get(1, TimeUnit.SECONDS);
        main.fetchSockets().get(1, TimeUnit.SECONDS);
        main.allRooms().get(1, TimeUnit.SECONDS);

        assertEquals(List.of(
                "addSockets rooms=[red] except=[] [blue, green]",
                "delSockets rooms=[blue] except=[" + a.socket.id() + "] [red]",
                "disconnectSockets rooms=[] except=[] local close=false",
                "addSockets rooms=[] except=[] [x]",
                "delSockets rooms=[] except=[] [x]",
                "disconnectSockets rooms=[] except=[] close=true",
                "fetchSockets rooms=[red] except=[]",
                "fetchSockets rooms=[] except=[]",
                "allRooms"), adapter.log.stream().filter(e -> !e.startsWith("init")).toList());
    }

    @Test
    void server_side_emits_go_through_the_adapter_with_the_event_name_first() throws Exception {
        main.serverSideEmit("hello", 1, "two");
        main.serverSideEmitWithAck(Duration.ofMillis(700), "ping").get(1, TimeUnit.SECONDS);

        assertEquals(List.of("serverSideEmit [\"hello\",1,\"two\"]", "serverSideEmitWithAck [\"ping\"] timeout=700"),
                adapter.log.stream().filter(e -> e.startsWith("serverSide")).toList());
    }

    @Test
    void reserved_names_cannot_be_emitted_server_side() {
        for (String reserved : List.of("connect", "connection", "disconnect", "new_namespace")) {
            assertThrows(IllegalArgumentException.class, () -> main.serverSideEmit(reserved), reserved);
        }
        assertTrue(adapter.of("serverSideEmit").isEmpty());
    }

    @Test
    void an_adapter_that_does_nothing_leaves_every_socket_untouched_so_no_path_goes_around_it() {
        Member a = member();
        Member b = member();
        a.socket.join("red");
        adapter.swallow = true;

        main.emit("all");
        main.to("red").emit("room");
        a.socket.broadcast().emit("others");
        CompletableFuture<List<Payload>> answers = main.timeout(Duration.ofMillis(100)).emitWithAck("vote");
        main.to("red").socketsJoin("blue");
        main.socketsLeave("red");
        main.disconnectSockets(true);
        main.to(b.socket.id()).disconnectSockets(false);

        assertEquals(List.of(), a.texts());
        assertEquals(List.of(), b.texts());
        assertEquals(Set.of(a.socket.id(), "red"), a.socket.rooms());
        assertTrue(a.socket.connected() && b.socket.connected());
        assertTrue(a.client.isOpen() && b.client.isOpen());
        assertFalse(answers.isDone(), "no node reported its count: the broadcast waits");
        harness.scheduler.advanceMillis(100);
        ExecutionException failed = assertThrows(ExecutionException.class, answers::get);
        assertInstanceOf(AckTimeoutException.class, failed.getCause());
    }

    // ---- what a cluster adapter does through the seam ----

    @Test
    void a_broadcast_with_ack_waits_for_every_node_s_count_and_answers() throws Exception {
        Member a = member();
        adapter.otherServers = 2;
        adapter.remoteAnswers = List.of(new Arguments(Json.createArrayBuilder().add("remote").build(), List.of()));

        CompletableFuture<List<Payload>> answers = main.timeout(Duration.ofSeconds(1)).emitWithAck("vote");
        assertFalse(answers.isDone(), "the local socket has not answered");
        a.client.send("3" + Frame.parse(a.client.lastText()).id() + "[\"local\"]");

        List<String> got = answers.get(1, TimeUnit.SECONDS).stream().map(p -> p.get(0, String.class)).sorted().toList();
        assertEquals(List.of("local", "remote", "remote"), got);
    }

    @Test
    void a_server_side_event_from_another_node_runs_its_handler_whose_ack_answers_once() {
        List<String> handled = new ArrayList<>();
        main.onServerSideEmit("ping", (args, ack) -> {
            handled.add(args.get(0, String.class) + " " + args.get(1, Integer.class));
            ack.send("pong", 2);
            ack.send("again");
        });
        List<Arguments> answers = new ArrayList<>();

        adapter.host.serverSideEmitReceived(
                new Arguments(Json.createArrayBuilder().add("ping").add("from-b").add(7).build(), List.of()), answers::add);

        assertEquals(List.of("from-b 7"), handled);
        assertEquals(1, answers.size());
        assertEquals(Json.createArrayBuilder().add("pong").add(2).build(), answers.get(0).values());
    }

    @Test
    void a_server_side_event_without_handler_or_without_ack_gets_no_answer() {
        List<String> handled = new ArrayList<>();
        main.onServerSideEmit("note", (args, ack) -> handled.add("note ack=" + ack));
        List<Arguments> answers = new ArrayList<>();

        adapter.host.serverSideEmitReceived(new Arguments(Json.createArrayBuilder().add("unknown").build(), List.of()), answers::add);
        adapter.host.serverSideEmitReceived(new Arguments(Json.createArrayBuilder().add("note").build(), List.of()), null);

        assertEquals(List.of("note ack=null"), handled);
        assertEquals(List.of(), answers);
        assertThrows(IllegalStateException.class, () -> main.onServerSideEmit("note", (args, ack) -> { }));
    }

    @Test
    void server_side_answers_from_other_nodes_are_payloads() throws Exception {
        adapter.remoteAnswers = List.of(new Arguments(Json.createArrayBuilder().add("b").build(), List.of()),
                new Arguments(Json.createArrayBuilder().add("c").build(), List.of()));

        List<Payload> answers = main.serverSideEmitWithAck(Duration.ofSeconds(1), "who").get(1, TimeUnit.SECONDS);

        assertEquals(List.of("b", "c"), answers.stream().map(p -> p.get(0, String.class)).toList());
    }

    @Test
    void a_fetched_remote_socket_is_acted_on_through_the_adapter_and_a_local_one_directly() throws Exception {
        Member a = member();
        adapter.remoteSockets = List.of(new SocketSnapshot("remote-socket-id-0001", null, Set.of("remote-socket-id-0001", "red"),
                Json.createObjectBuilder().add("user", "bob").build()));

        List<FetchedSocket> fetched = main.fetchSockets().get(1, TimeUnit.SECONDS);
        assertEquals(2, fetched.size());
        FetchedSocket local = fetched.get(0);
        FetchedSocket remote = fetched.get(1);
        assertTrue(local.isLocal());
        assertSame(a.socket, local.socket());
        assertFalse(remote.isLocal());
        assertEquals("bob", remote.data().asJsonObject().getString("user"));
        adapter.log.clear();

        local.join("blue");
        local.emit("hi");
        remote.emit("hello");
        remote.join("blue");
        remote.leave("red");
        remote.disconnect(true);

        assertTrue(a.socket.rooms().contains("blue"));
        assertEquals(List.of("42[\"hi\"]"), a.texts());
        assertEquals(List.of(
                "broadcast rooms=[remote-socket-id-0001] except=[] [\"hello\"]",
                "addSockets rooms=[remote-socket-id-0001] except=[] [blue]",
                "delSockets rooms=[remote-socket-id-0001] except=[] [red]",
                "disconnectSockets rooms=[remote-socket-id-0001] except=[] close=true"), adapter.log);
        assertEquals(List.of(), main.local().fetchSockets().get(1, TimeUnit.SECONDS).stream().filter(f -> !f.isLocal()).toList(),
                "local(): this node's sockets only");
    }

    @Test
    void all_rooms_come_from_the_adapter() throws Exception {
        Member a = member();
        a.socket.join("red");

        assertEquals(new TreeSet<>(Set.of(a.socket.id(), "red", "remote-room")), main.allRooms().get(1, TimeUnit.SECONDS));
    }

    // ---- the in-memory adapter's behaviour ----

    @Test
    void in_memory_fetch_sockets_reports_id_rooms_attributes_and_the_handshake_without_the_token() throws Exception {
        Member a = member("{\"token\":\"secret\",\"lang\":\"fr\"}");
        Member b = member();
        a.socket.join("red");
        a.socket.attribute("user", "alice");
        a.socket.attribute("score", 3);
        a.socket.attribute("avatar", new byte[]{1, 2});

        List<FetchedSocket> fetched = main.in("red").fetchSockets().get(1, TimeUnit.SECONDS);

        assertEquals(1, fetched.size());
        FetchedSocket f = fetched.get(0);
        assertEquals(a.socket.id(), f.id());
        assertEquals(Set.of(a.socket.id(), "red"), f.rooms());
        assertEquals(Json.createObjectBuilder().add("user", "alice").add("score", 3).build(), f.data(),
                "binary attributes are left out");
        JsonObject handshake = f.handshake();
        assertEquals(Json.createObjectBuilder().add("lang", "fr").build(), handshake.getJsonObject("auth"), "never the token");
        assertEquals("yes", handshake.getJsonObject("headers").getString("x-test"));
        assertEquals("lobby", handshake.getJsonObject("query").getString("room"));
        assertEquals("10.0.0.7", handshake.getString("address"));
        assertTrue(handshake.getBoolean("secure"));
        assertEquals(Set.of("headers", "time", "address", "xdomain", "secure", "issued", "url", "query", "auth"), handshake.keySet());
        assertEquals("secret", a.socket.handshake().auth().getString("token"), "the socket keeps its own handshake");
        assertEquals(2, main.fetchSockets().get(1, TimeUnit.SECONDS).size());
        assertTrue(b.socket.connected());
    }

    @Test
    void in_memory_disconnect_sockets_with_close_closes_the_whole_connection() {
        Member a = member();
        Member b = member();
        a.socket.join("red");

        main.to("red").disconnectSockets(true);

        assertFalse(a.socket.connected());
        assertFalse(a.client.isOpen(), "close: the connection goes too");
        assertTrue(b.socket.connected());
        assertTrue(b.client.isOpen());
    }

    @Test
    void in_memory_local_and_volatile_broadcasts_reach_the_selected_local_sockets() {
        Member a = member();
        Member b = member();
        Member c = member();
        a.socket.join("red");
        b.socket.join("red");
        c.client.transport.hold();

        main.local().to("red").except(b.socket.id()).emit("x", 1);
        main.volatileOperator().local().emit("tick");

        assertEquals(List.of("42[\"x\",1]", "42[\"tick\"]"), a.texts());
        assertEquals(List.of("42[\"tick\"]"), b.texts());
        c.client.transport.release(c.client.session);
        assertEquals(List.of(), c.texts(), "the busy client's volatile packet was dropped");
    }

    @Test
    void in_memory_broadcast_with_ack_collects_the_answers_of_the_selected_sockets() throws Exception {
        Member a = member();
        Member b = member();
        Member c = member();
        a.socket.join("red");
        b.socket.join("red");

        CompletableFuture<List<Payload>> answers = main.to("red").timeout(Duration.ofSeconds(1)).emitWithAck("q");
        a.client.send("3" + Frame.parse(a.client.lastText()).id() + "[\"a\"]");
        assertFalse(answers.isDone());
        b.client.send("3" + Frame.parse(b.client.lastText()).id() + "[\"b\"]");

        assertEquals(List.of("a", "b"), answers.get(1, TimeUnit.SECONDS).stream().map(p -> p.get(0, String.class)).sorted().toList());
        assertEquals(List.of(), c.texts());
    }

    @Test
    void in_memory_server_side_emit_with_ack_completes_at_once_without_other_nodes() throws Exception {
        Namespace plain = new SioHarness().io.of("/");

        assertEquals(List.of(), plain.serverSideEmitWithAck(Duration.ofSeconds(1), "anyone").get(1, TimeUnit.SECONDS));
        assertEquals(1, plain.adapter().serverCount().toCompletableFuture().get(1, TimeUnit.SECONDS));
        plain.serverSideEmit("nobody-listens"); // nothing to do, nothing thrown
    }

    @Test
    void stored_broadcasts_of_a_recovering_namespace_still_go_through_the_adapter_encoded_once() {
        Namespace recovering = harness.io.of("/recovering");
        TestClient client = harness.open();
        client.send("0/recovering,");
        assertTrue(client.lastText().startsWith("40/recovering,{"), client.lastText());
        client.clear();

        recovering.emit("kept", 1);

        RecordingAdapter recorded = adapterOf("/recovering");
        assertEquals(1, recorded.of("broadcast").size());
        OutgoingPacket packet = recorded.packets.get(0);
        assertTrue(packet.isEncoded(), "encoded once, when stored");
        String text = client.lastText();
        assertTrue(text.startsWith("42/recovering,[\"kept\",1,\""), "the offset is appended: " + text);
        List<?> written = client.transport.written();
        assertSame(packet.frames(Parser.DEFAULT).get(0), written.get(written.size() - 1), "the client got the stored packet's own frame");
    }
}
