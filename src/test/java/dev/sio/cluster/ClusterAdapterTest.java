package dev.sio.cluster;

import dev.sio.cluster.redis.RedisLinkState;
import dev.sio.socketio.broadcast.AckedBroadcast;
import dev.sio.socketio.broadcast.Arguments;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.OutgoingPacket;
import dev.sio.socketio.broadcast.SocketSnapshot;
import dev.sio.socketio.protocol.Packet;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two of our nodes (A and B) on an in-process Redis, in each mode: every operation reaches the
 * other node's sockets, runs there on the local half only, and its answers come back. Node's side
 * of the same protocol is covered by RedisAdapterIT / ShardedRedisAdapterIT.
 */
class ClusterAdapterTest {

    private final FakeRedisBus bus = new FakeRedisBus();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final String prefix = "t" + System.nanoTime();

    @AfterEach
    void stop() {
        nodes.forEach(ClusterNode::close);
        scheduler.shutdownNow();
    }

    private record Side(ClusterAdapter adapter, TestHost host, FakeRedisBus.Client redis, ClusterNode node) {
    }

    private Side side(ClusterMode mode) {
        return side(mode, null);
    }

    private Side side(ClusterMode mode, dev.sio.socketio.recovery.RecoveryStore recovery) {
        FakeRedisBus.Client redis = bus.client(prefix);
        ClusterNode node = new ClusterNode(redis, mode, ClusterNode.clusterThreads(), 1000, 1 << 20);
        nodes.add(node);
        ClusterAdapter adapter = (ClusterAdapter) new ClusterAdapterFactory(node).create("/", recovery);
        TestHost host = new TestHost("/", scheduler);
        adapter.init(host);
        return new Side(adapter, host, redis, node);
    }

    private static OutgoingPacket event(String text) {
        return OutgoingPacket.of(Packet.event("/", Json.createArrayBuilder().add("msg").add(text).build(), null, List.of()));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 5 s");
            Thread.sleep(5);
        }
    }

    private static final String ID_A = "aaaaaaaaaaaaaaaaaaaa"; // 20 characters, as Socket.IO ids
    private static final String ID_B = "bbbbbbbbbbbbbbbbbbbb";
    private static final String ID_C = "cccccccccccccccccccc";

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void aRoomBroadcastReachesTheRoomOnTheOtherNodeOnceAndIsNotPublishedBack(ClusterMode mode) throws Exception {
        Side a = side(mode);
        Side b = side(mode);
        FakeSocket a1 = new FakeSocket(ID_A, a.adapter());
        FakeSocket b1 = new FakeSocket(ID_B, b.adapter());
        FakeSocket b2 = new FakeSocket(ID_C, b.adapter());
        a1.join(Set.of("room"));
        b1.join(Set.of("room"));
        int local = a.adapter().broadcast(event("hi"), BroadcastOptions.rooms(Set.of("room")));
        assertEquals(1, local);
        await(() -> b1.received.size() == 1);
        assertEquals(List.of("2[\"msg\",\"hi\"]"), b1.received);
        assertEquals(List.of("2[\"msg\",\"hi\"]"), a1.received, "the sender's own message is not delivered twice");
        // a sentinel to B2 after the room message proves B2 got nothing before it
        a.adapter().broadcast(event("sentinel"), BroadcastOptions.rooms(Set.of(ID_C)));
        await(() -> b2.received.size() == 1);
        assertEquals(List.of("2[\"msg\",\"sentinel\"]"), b2.received);
        assertEquals(2, a.node().published(), "B did not publish what it received");
        assertEquals(0, b.node().published());
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void exceptAndLocalHold(ClusterMode mode) throws Exception {
        Side a = side(mode);
        Side b = side(mode);
        FakeSocket b1 = new FakeSocket(ID_B, b.adapter());
        FakeSocket b2 = new FakeSocket(ID_C, b.adapter());
        b1.join(Set.of("muted"));
        a.adapter().broadcast(event("local"), new BroadcastOptions(Set.of(), Set.of(), true, false, null));
        a.adapter().broadcast(event("all"), new BroadcastOptions(Set.of(), Set.of("muted"), false, false, null));
        await(() -> b2.received.size() == 1);
        assertEquals(List.of("2[\"msg\",\"all\"]"), b2.received, "a local broadcast stays on A");
        assertEquals(List.of(), b1.received, "except holds on B");
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void fetchSocketsListsTheOtherNodesSocketsWithoutTheirToken(ClusterMode mode) throws Exception {
        Side a = side(mode);
        Side b = side(mode);
        new FakeSocket(ID_A, a.adapter());
        new FakeSocket(ID_B, b.adapter()).join(Set.of("r"));
        List<SocketSnapshot> all = a.adapter().fetchSockets(BroadcastOptions.ALL).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(Set.of(ID_A, ID_B), all.stream().map(SocketSnapshot::id).collect(java.util.stream.Collectors.toSet()));
        SocketSnapshot remote = all.stream().filter(s -> s.id().equals(ID_B)).findFirst().orElseThrow();
        assertEquals(Json.createObjectBuilder().add("user", ID_B).build(), remote.handshake().getJsonObject("auth"));
        assertEquals(Set.of(ID_B, "r"), remote.rooms());
        assertEquals("bbbbbbbbbbbbbbbbbbbb", remote.data().asJsonObject().getString("nick"));
        List<SocketSnapshot> inRoom = a.adapter().fetchSockets(BroadcastOptions.rooms(Set.of("r"))).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of(ID_B), inRoom.stream().map(SocketSnapshot::id).toList());
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void serverSideEmitWithAckCollectsOneAnswerPerOtherNodeOrTimesOutWithNodesMessage(ClusterMode mode) throws Exception {
        Side a = side(mode);
        Side b = side(mode);
        Side c = side(mode);
        Arguments question = new Arguments(Json.createArrayBuilder().add("question").add("q").build(), List.of());
        List<Arguments> answers = a.adapter().serverSideEmitWithAck(question, Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("[\"answer:q\"]", "[\"answer:q\"]"), answers.stream().map(x -> x.values().toString()).toList());
        c.host().answersServerSideEmits = false;
        var timedOut = a.adapter().serverSideEmitWithAck(question, Duration.ofMillis(200)).toCompletableFuture();
        ExecutionException e = assertThrows(ExecutionException.class, () -> timedOut.get(5, TimeUnit.SECONDS));
        ClusterRequestTimeoutException timeout = assertInstanceOf(ClusterRequestTimeoutException.class, e.getCause());
        assertEquals("timeout reached: only 1 responses received out of 2", timeout.getMessage());
        assertEquals(1, timeout.partialAnswers().size());
        assertEquals(3, b.adapter().serverCount().toCompletableFuture().get());
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void aBroadcastWithAckReportsEachNodesCountAndEachClientsAnswer(ClusterMode mode) throws Exception {
        Side a = side(mode);
        Side b = side(mode);
        FakeSocket a1 = new FakeSocket(ID_A, a.adapter());
        FakeSocket b1 = new FakeSocket(ID_B, b.adapter());
        FakeSocket b2 = new FakeSocket(ID_C, b.adapter());
        List<Integer> counts = new CopyOnWriteArrayList<>();
        List<String> acks = new CopyOnWriteArrayList<>();
        a.adapter().broadcastWithAck(event("ask"), new BroadcastOptions(Set.of(), Set.of(), false, false, Duration.ofSeconds(2)),
                new AckedBroadcast() {
                    @Override
                    public void clientCount(int count) {
                        counts.add(count);
                    }

                    @Override
                    public void ack(Arguments answer) {
                        acks.add(answer.values().getString(0));
                    }
                });
        await(() -> b1.acks.size() == 1 && b2.acks.size() == 1);
        a1.answerAll("from-a1");
        b1.answerAll("from-b1");
        b2.answerAll("from-b2");
        await(() -> counts.size() == 2 && acks.size() == 3);
        assertEquals(List.of(1, 2), counts.stream().sorted().toList());
        assertEquals(List.of("from-a1", "from-b1", "from-b2"), acks.stream().sorted().toList());
        assertTrue(b1.received.get(0).startsWith("2"), "the packet carries an ack id: " + b1.received);
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void socketsJoinLeaveAndDisconnectActOnTheOtherNode(ClusterMode mode) throws Exception {
        Side a = side(mode);
        Side b = side(mode);
        FakeSocket b1 = new FakeSocket(ID_B, b.adapter());
        a.adapter().addSockets(BroadcastOptions.ALL, Set.of("pulled"));
        await(() -> b.adapter().socketRooms(ID_B).contains("pulled"));
        a.adapter().delSockets(BroadcastOptions.ALL, Set.of("pulled"));
        await(() -> !b.adapter().socketRooms(ID_B).contains("pulled"));
        a.adapter().disconnectSockets(BroadcastOptions.rooms(Set.of(ID_B)), true);
        await(() -> b1.disconnected);
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void whileRedisIsDownLocalClientsAreStillServedAndTheRemoteHalfIsCountedAsFailed(ClusterMode mode) throws Exception {
        Side a = side(mode);
        FakeSocket a1 = new FakeSocket(ID_A, a.adapter());
        a.redis().state = RedisLinkState.RECONNECTING;
        assertEquals(1, a.adapter().broadcast(event("alone"), BroadcastOptions.ALL));
        assertEquals(List.of("2[\"msg\",\"alone\"]"), a1.received);
        assertEquals(1, a.node().publishFailures());
        assertEquals(1, a.adapter().serverCount().toCompletableFuture().get(), "this node alone while Redis is away");
        List<SocketSnapshot> mine = a.adapter().fetchSockets(BroadcastOptions.ALL).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of(ID_A), mine.stream().map(SocketSnapshot::id).toList());
        assertTrue(a.node().problem().isPresent());
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void aMalformedMessageIsDroppedAndTheSubscriptionCarriesOn(ClusterMode mode) throws Exception {
        Side a = side(mode);
        Side b = side(mode);
        FakeSocket b1 = new FakeSocket(ID_B, b.adapter());
        String channel = prefix + "#/#"; // the main broadcast channel in both modes
        if (mode == ClusterMode.CLASSIC) a.redis().publish(channel, new byte[] {(byte) 0xc1, 1, 2});
        else a.redis().spublish(channel, "{\"type\":99}".getBytes());
        a.adapter().broadcast(event("after"), BroadcastOptions.ALL);
        await(() -> b1.received.size() == 1);
        assertEquals(List.of("2[\"msg\",\"after\"]"), b1.received);
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void aStoredBroadcastIsPublishedWithoutThisNodesRecoveryOffset(ClusterMode mode) throws Exception {
        var store = new dev.sio.socketio.recovery.InMemoryRecoveryStore(
                dev.sio.socketio.recovery.RecoveryLimits.of(Duration.ofMinutes(2)), System::currentTimeMillis);
        Side a = side(mode, store);
        Side b = side(mode);
        FakeSocket a1 = new FakeSocket(ID_A, a.adapter());
        FakeSocket b1 = new FakeSocket(ID_B, b.adapter());
        Packet stored = Packet.event("/", Json.createArrayBuilder().add("msg").add("kept").add("offset-7").build(), null, List.of());
        // as the namespace hands a stored broadcast over: already encoded, the offset last
        a.adapter().broadcast(OutgoingPacket.encoded(stored,
                List.of(dev.sio.engineio.protocol.EnginePacket.message("2[\"msg\",\"kept\",\"offset-7\"]"))), BroadcastOptions.ALL);
        await(() -> b1.received.size() == 1);
        assertEquals(List.of("2[\"msg\",\"kept\",\"offset-7\"]"), a1.received, "this node's clients get the offset");
        assertEquals(List.of("2[\"msg\",\"kept\"]"), b1.received, "the other node's do not");
    }

    @org.junit.jupiter.api.Test
    void theShardedAdapterFollowsItsPublicRoomsChannels() throws Exception {
        Side a = side(ClusterMode.SHARDED);
        FakeSocket a1 = new FakeSocket(ID_A, a.adapter());
        String room = prefix + "#/#chat#";
        assertFalse(a.redis().shards.containsKey(prefix + "#/#" + ID_A + "#"), "a socket's own room is private");
        a1.join(Set.of("chat"));
        assertTrue(a.redis().shards.containsKey(room));
        a1.leave(Set.of("chat"));
        assertFalse(a.redis().shards.containsKey(room), "unsubscribed once the room is empty");
        a1.join(Set.of("chat"));
        a1.disconnect(false);
        assertFalse(a.redis().shards.containsKey(room));
        assertTrue(a.redis().shards.containsKey(prefix + "#/#"), "the main channel stays");
        assertTrue(a.redis().shards.containsKey(prefix + "#/#" + a.adapter().uid() + "#"), "and the answer channel");
    }

    @org.junit.jupiter.api.Test
    void classicAllRoomsIsTheUnionOfEveryNodesRooms() throws Exception {
        Side a = side(ClusterMode.CLASSIC);
        Side b = side(ClusterMode.CLASSIC);
        new FakeSocket(ID_A, a.adapter()).join(Set.of("x"));
        new FakeSocket(ID_B, b.adapter()).join(Set.of("y"));
        assertEquals(Set.of(ID_A, ID_B, "x", "y"), a.adapter().allRooms().toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    @org.junit.jupiter.api.Test
    void closingUnsubscribesSoOthersStopCountingThisNode() throws Exception {
        Side a = side(ClusterMode.CLASSIC);
        Side b = side(ClusterMode.CLASSIC);
        assertEquals(2, a.adapter().serverCount().toCompletableFuture().get());
        b.adapter().close();
        assertEquals(1, a.adapter().serverCount().toCompletableFuture().get());
    }
}
