package dev.sio.socketio.broadcast;

import dev.sio.socketio.protocol.Parser;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.ManualScheduler;
import dev.sio.socketio.protocol.Packet;
import jakarta.json.Json;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class InMemoryAdapterTest {

    private static final List<EnginePacket> FRAMES = List.of(EnginePacket.message("2[\"x\"]"));
    private static final Packet EVENT = Packet.event("/", Json.createArrayBuilder().add("x").build(), null, List.of());
    private static final OutgoingPacket PACKET = OutgoingPacket.encoded(EVENT, FRAMES);

    /** A recipient that remembers what it was given. */
    static final class FakeSocket implements Recipient {
        final String id;
        final List<List<EnginePacket>> delivered = new CopyOnWriteArrayList<>();
        final List<Boolean> volatileFlags = new CopyOnWriteArrayList<>();
        final List<String> log = new CopyOnWriteArrayList<>();

        FakeSocket(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void deliver(dev.sio.socketio.broadcast.OutgoingPacket packet, boolean isVolatile) {
            List<EnginePacket> frames = packet.frames(Parser.DEFAULT);
            log.add("delivery " + delivered.size());
            delivered.add(frames);
            volatileFlags.add(isVolatile);
        }

        @Override
        public void expectAck(long ackId, Consumer<Arguments> onAnswer, Consumer<Throwable> onLost) {
            log.add("ack " + ackId + " before delivery " + delivered.size());
        }

        @Override
        public void forgetAck(long ackId) {
            log.add("forget " + ackId);
        }

        @Override
        public void join(Set<String> rooms) {
            log.add("join " + new TreeSet<>(rooms));
        }

        @Override
        public void leave(Set<String> rooms) {
            log.add("leave " + new TreeSet<>(rooms));
        }

        @Override
        public void disconnect(boolean close) {
            log.add("disconnect " + close);
        }

        @Override
        public SocketSnapshot snapshot() {
            return new SocketSnapshot(id, null, Set.of(id), null);
        }
    }

    private final InMemoryAdapter adapter = new InMemoryAdapter();

    private FakeSocket join(String id, String... rooms) {
        FakeSocket socket = new FakeSocket(id);
        Set<String> all = new HashSet<>(Set.of(rooms));
        all.add(id);
        adapter.addAll(socket, all);
        return socket;
    }

    private static BroadcastOptions to(Set<String> rooms, Set<String> except) {
        return new BroadcastOptions(rooms, except, false);
    }

    // ---- rooms ----

    @Test
    void add_all_registers_the_socket_in_every_room_given() {
        FakeSocket a = join("a", "red", "blue");

        assertEquals(Set.of("a", "red", "blue"), adapter.socketRooms("a"));
        assertEquals(Set.of("a", "red", "blue"), adapter.rooms());
        assertSame(a, adapter.socket("a"));
        assertEquals(Set.of("a"), adapter.sockets(Set.of("red")));
    }

    @Test
    void add_all_again_adds_rooms_to_a_known_socket() {
        FakeSocket a = join("a");

        adapter.addAll(a, Set.of("green"));

        assertEquals(Set.of("a", "green"), adapter.socketRooms("a"));
    }

    @Test
    void del_removes_one_room_and_an_emptied_room_disappears() {
        join("a", "red", "blue");
        join("b", "blue");

        adapter.del("a", "red");
        adapter.del("a", "blue");

        assertEquals(Set.of("a"), adapter.socketRooms("a"));
        assertEquals(Set.of("a", "b", "blue"), adapter.rooms());
        assertEquals(Set.of("b"), adapter.sockets(Set.of("blue")));
    }

    @Test
    void del_of_an_unknown_socket_or_room_changes_nothing() {
        join("a", "red");

        adapter.del("nobody", "red");
        adapter.del("a", "never-joined");

        assertEquals(Set.of("a", "red"), adapter.rooms());
        assertEquals(Set.of("a", "red"), adapter.socketRooms("a"));
    }

    @Test
    void del_all_forgets_the_socket_and_the_rooms_it_alone_was_in() {
        join("a", "red", "blue");
        join("b", "blue");

        adapter.delAll("a");

        assertEquals(Set.of(), adapter.socketRooms("a"));
        assertNull(adapter.socket("a"));
        assertEquals(Set.of("b", "blue"), adapter.rooms());
        assertEquals(Set.of("b"), adapter.sockets(Set.of()));
        adapter.delAll("a"); // twice is harmless
    }

    @Test
    void sockets_of_no_rooms_are_all_sockets_and_of_several_rooms_their_union() {
        join("a", "red");
        join("b", "blue");
        join("c");

        assertEquals(Set.of("a", "b", "c"), adapter.sockets(Set.of()));
        assertEquals(Set.of("a", "b"), adapter.sockets(Set.of("red", "blue")));
        assertEquals(Set.of(), adapter.sockets(Set.of("nowhere")));
    }

    @Test
    void the_sets_handed_out_are_snapshots_that_cannot_be_changed() {
        join("a", "red");
        Set<String> rooms = adapter.rooms();
        Set<String> members = adapter.sockets(Set.of("red"));
        Set<String> own = adapter.socketRooms("a");

        join("b", "red", "blue");

        assertEquals(Set.of("a", "red"), rooms);
        assertEquals(Set.of("a"), members);
        assertThrows(UnsupportedOperationException.class, () -> own.add("x"));
        assertThrows(UnsupportedOperationException.class, () -> rooms.add("x"));
    }

    // ---- broadcast ----

    @Test
    void a_broadcast_without_rooms_reaches_every_socket_with_the_same_frames() {
        FakeSocket a = join("a");
        FakeSocket b = join("b", "red");

        int count = adapter.broadcast(PACKET, BroadcastOptions.ALL);

        assertEquals(2, count);
        assertSame(FRAMES, a.delivered.get(0));
        assertSame(FRAMES, b.delivered.get(0));
    }

    @Test
    void a_broadcast_to_rooms_reaches_their_members_once_each() {
        FakeSocket a = join("a", "red", "blue");
        FakeSocket b = join("b", "blue");
        FakeSocket c = join("c", "green");

        int count = adapter.broadcast(PACKET, to(Set.of("red", "blue"), Set.of()));

        assertEquals(2, count);
        assertEquals(1, a.delivered.size());
        assertEquals(1, b.delivered.size());
        assertEquals(0, c.delivered.size());
    }

    @Test
    void a_broadcast_leaves_out_the_members_of_the_excepted_rooms() {
        FakeSocket a = join("a", "red");
        FakeSocket b = join("b", "red", "muted");
        FakeSocket c = join("c", "red");

        int count = adapter.broadcast(PACKET, to(Set.of("red"), Set.of("muted", "c")));

        assertEquals(1, count);
        assertEquals(1, a.delivered.size());
        assertEquals(0, b.delivered.size());
        assertEquals(0, c.delivered.size());
    }

    @Test
    void a_broadcast_to_an_unknown_room_reaches_nobody() {
        FakeSocket a = join("a");

        assertEquals(0, adapter.broadcast(PACKET, to(Set.of("nowhere"), Set.of())));
        assertEquals(0, adapter.broadcast(PACKET, to(Set.of(), Set.of("a"))));
        assertTrue(a.delivered.isEmpty());
    }

    @Test
    void a_broadcast_with_ack_registers_each_recipient_s_ack_before_its_frames_are_delivered() {
        FakeSocket a = join("a", "red");
        FakeSocket b = join("b", "red");
        List<Integer> counts = new ArrayList<>();

        adapter.broadcastWithAck(OutgoingPacket.of(EVENT), to(Set.of("red"), Set.of()), new AckedBroadcast() {
            @Override public void clientCount(int count) { counts.add(count); }
            @Override public void ack(Arguments answer) { }
        });

        assertEquals(List.of("ack 0 before delivery 0", "delivery 0"), a.log);
        assertEquals(List.of("ack 0 before delivery 0", "delivery 0"), b.log);
        assertEquals(List.of(2), counts);
        assertSame(a.delivered.get(0), b.delivered.get(0), "encoded once, the same frames for both");
    }

    @Test
    void the_volatile_flag_is_passed_to_every_recipient() {
        FakeSocket a = join("a");

        adapter.broadcast(PACKET, new BroadcastOptions(Set.of(), Set.of(), true));
        adapter.broadcast(PACKET, BroadcastOptions.ALL);

        assertEquals(List.of(true, false), a.volatileFlags);
    }

    @Test
    void a_socket_that_was_forgotten_gets_no_broadcast() {
        FakeSocket a = join("a", "red");

        adapter.delAll("a");

        assertEquals(0, adapter.broadcast(PACKET, to(Set.of("red"), Set.of())));
        assertEquals(0, adapter.broadcast(PACKET, BroadcastOptions.ALL));
        assertTrue(a.delivered.isEmpty());
    }

    // ---- concurrency ----

    @Test
    void concurrent_joins_leaves_disconnects_and_broadcasts_leave_consistent_rooms() throws Exception {
        int workers = 4;
        int socketsPerWorker = 20;
        int iterations = 3_000;
        String[] roomNames = {"r0", "r1", "r2", "r3", "r4", "r5"};
        ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<Map<String, Set<String>>>> results = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                results.add(pool.submit(() -> {
                    // each worker owns its sockets and keeps a model of their rooms
                    Random random = new Random(worker);
                    Map<String, FakeSocket> sockets = new HashMap<>();
                    Map<String, Set<String>> model = new HashMap<>();
                    start.await();
                    for (int i = 0; i < iterations; i++) {
                        String id = "w" + worker + "s" + random.nextInt(socketsPerWorker);
                        String room = roomNames[random.nextInt(roomNames.length)];
                        switch (random.nextInt(4)) {
                            case 0, 1 -> {
                                FakeSocket socket = sockets.computeIfAbsent(id, FakeSocket::new);
                                adapter.addAll(socket, Set.of(id, room));
                                model.computeIfAbsent(id, k -> new HashSet<>()).addAll(Set.of(id, room));
                            }
                            case 2 -> {
                                adapter.del(id, room);
                                Set<String> own = model.get(id);
                                if (own != null) own.remove(room);
                            }
                            default -> {
                                adapter.delAll(id);
                                sockets.remove(id);
                                model.remove(id);
                            }
                        }
                    }
                    return model;
                }));
            }
            Future<Integer> broadcaster = pool.submit(() -> {
                Random random = new Random(99);
                int broadcasts = 0;
                start.await();
                while (!stop.get()) {
                    String room = roomNames[random.nextInt(roomNames.length)];
                    adapter.broadcast(PACKET, to(Set.of(room), Set.of(roomNames[random.nextInt(roomNames.length)])));
                    adapter.broadcast(PACKET, to(new HashSet<>(List.of(room, roomNames[random.nextInt(roomNames.length)])), Set.of()));
                    broadcasts++;
                }
                return broadcasts;
            });
            start.countDown();

            Map<String, Set<String>> expectedBySocket = new HashMap<>();
            for (Future<Map<String, Set<String>>> result : results) {
                expectedBySocket.putAll(result.get(10, TimeUnit.SECONDS));
            }
            stop.set(true);
            assertTrue(broadcaster.get(10, TimeUnit.SECONDS) > 0);

            Map<String, Set<String>> expectedByRoom = new HashMap<>();
            expectedBySocket.forEach((id, rooms) -> {
                assertEquals(rooms, adapter.socketRooms(id), "rooms of " + id);
                for (String room : rooms) expectedByRoom.computeIfAbsent(room, k -> new HashSet<>()).add(id);
            });
            assertEquals(expectedByRoom.keySet(), adapter.rooms(), "exactly the rooms that have members");
            expectedByRoom.forEach((room, members) -> assertEquals(members, adapter.sockets(Set.of(room)), "members of " + room));
            assertEquals(expectedBySocket.keySet(), adapter.sockets(Set.of()));

            for (String id : expectedBySocket.keySet()) adapter.delAll(id);
            assertEquals(Set.of(), adapter.rooms());
            assertEquals(Set.of(), adapter.sockets(Set.of()));
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    // ---- sets of one (the own-id room) ----

    @Test
    void a_room_of_one_grows_into_a_shared_room_and_shrinks_back_without_losing_members() {
        FakeSocket a = join("a");
        FakeSocket b = join("b");
        adapter.addAll(a, Set.of("r"));
        assertEquals(Set.of("a"), adapter.sockets(Set.of("r")));
        adapter.addAll(b, Set.of("r"));
        assertEquals(Set.of("a", "b"), adapter.sockets(Set.of("r")));
        assertEquals(2, adapter.broadcast(PACKET, to(Set.of("r"), Set.of())));
        adapter.del("a", "r");
        assertEquals(Set.of("b"), adapter.sockets(Set.of("r")));
        adapter.del("b", "r");
        assertEquals(Set.of("a", "b"), adapter.rooms()); // only the own rooms are left
        assertEquals(Set.of("a"), adapter.socketRooms("a"));
    }

    @Test
    void a_socket_can_leave_and_rejoin_its_own_room() {
        FakeSocket a = join("a");
        adapter.del("a", "a");
        assertEquals(0, adapter.broadcast(PACKET, to(Set.of("a"), Set.of())));
        assertEquals(Set.of(), adapter.socketRooms("a"));
        adapter.addAll(a, Set.of("a"));
        assertEquals(1, adapter.broadcast(PACKET, to(Set.of("a"), Set.of())));
        assertEquals(Set.of("a"), adapter.socketRooms("a"));
    }

    @Test
    void another_socket_may_join_a_room_named_after_a_socket() {
        join("a");
        FakeSocket b = join("b");
        adapter.addAll(b, Set.of("a"));
        assertEquals(Set.of("a", "b"), adapter.sockets(Set.of("a")));
        adapter.delAll("a");
        assertEquals(Set.of("b"), adapter.sockets(Set.of("a")));
    }

    @Test
    void with_and_without_keep_a_single_element_immutable_and_share_larger_sets() {
        Set<String> one = InMemoryAdapter.with(null, "x");
        assertEquals(Set.of("x"), one);
        assertThrows(UnsupportedOperationException.class, () -> one.add("y"));
        assertSame(one, InMemoryAdapter.with(one, "x"));
        Set<String> two = InMemoryAdapter.with(one, "y");
        assertEquals(Set.of("x", "y"), two);
        assertSame(two, InMemoryAdapter.with(two, "z")); // a grown set is changed in place
        assertEquals(Set.of("x", "y", "z"), two);
        assertSame(two, InMemoryAdapter.without(two, "z"));
        assertNull(InMemoryAdapter.without(InMemoryAdapter.without(two, "x"), "y"));
        assertSame(one, InMemoryAdapter.without(one, "other"));
        assertNull(InMemoryAdapter.without(one, "x"));
        assertNull(InMemoryAdapter.without(null, "x"));
    }

    // ---- operations on the selected sockets ----

    @Test
    void add_del_and_disconnect_sockets_act_on_the_selected_local_sockets_only() {
        FakeSocket a = join("a", "red");
        FakeSocket b = join("b", "red", "muted");
        FakeSocket c = join("c");

        adapter.addSockets(to(Set.of("red"), Set.of("muted")), Set.of("blue", "green"));
        adapter.delSockets(to(Set.of("muted"), Set.of()), Set.of("red"));
        adapter.disconnectSockets(to(Set.of(), Set.of("red")), true);

        assertEquals(List.of("join [blue, green]"), a.log);
        assertEquals(List.of("leave [red]"), b.log);
        assertEquals(List.of("disconnect true"), c.log);
    }

    @Test
    void fetch_sockets_gives_the_snapshots_of_the_selected_sockets_and_all_rooms_the_local_rooms() throws Exception {
        join("a", "red");
        join("b", "red");
        join("c");

        List<SocketSnapshot> fetched = adapter.fetchSockets(to(Set.of("red"), Set.of("b"))).toCompletableFuture().get();

        assertEquals(List.of("a"), fetched.stream().map(SocketSnapshot::id).toList());
        assertEquals(Set.of("a", "b", "c", "red"), adapter.allRooms().toCompletableFuture().get());
        assertEquals(1, adapter.serverCount().toCompletableFuture().get());
    }

    @Test
    void a_broadcast_with_ack_numbers_the_packet_from_the_host_and_forgets_the_acks_at_its_timeout() {
        ManualScheduler scheduler = new ManualScheduler();
        List<Integer> delivered = new ArrayList<>();
        adapter.init(new AdapterHost() {
            @Override public String namespace() { return "/"; }
            @Override public long nextAckId() { return 41; }
            @Override public ScheduledExecutorService scheduler() { return scheduler; }
            @Override public void delivered(OutgoingPacket packet, int recipients) { delivered.add(recipients); }
            @Override public void serverSideEmitReceived(Arguments args, Consumer<Arguments> answer) { }
        });
        FakeSocket a = join("a");

        adapter.broadcastWithAck(OutgoingPacket.of(EVENT), new BroadcastOptions(Set.of(), Set.of(), false, false, Duration.ofMillis(50)),
                new AckedBroadcast() {
                    @Override public void clientCount(int count) { }
                    @Override public void ack(Arguments answer) { }
                });
        scheduler.advanceMillis(49);
        assertEquals(List.of("ack 41 before delivery 0", "delivery 0"), a.log);
        scheduler.advanceMillis(1);

        assertEquals(List.of("ack 41 before delivery 0", "delivery 0", "forget 41"), a.log);
        assertEquals("4241[\"x\"]", a.delivered.get(0).get(0).wireText());
        assertEquals(List.of(1), delivered, "the host counts the broadcast once");
    }

    @Test
    void the_room_events_tell_when_a_room_gets_its_first_member_and_loses_its_last() {
        List<String> events = new CopyOnWriteArrayList<>();
        InMemoryAdapter watched = new InMemoryAdapter(null, new RoomEvents() {
            @Override public void roomCreated(String room) { events.add("+" + room); }
            @Override public void roomDeleted(String room) { events.add("-" + room); }
        });
        FakeSocket a = new FakeSocket("a");
        FakeSocket b = new FakeSocket("b");

        watched.addAll(a, Set.of("red"));
        watched.addAll(b, Set.of("red"));
        watched.del("a", "red");
        watched.delAll("b");
        watched.del("b", "red");

        assertEquals(List.of("+red", "-red"), events);
    }
}
