package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.protocol.EnginePacketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static dev.sio.engineio.server.EngineServerTest.HANDSHAKE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EngineSessionTest {

    private static final long PING_INTERVAL = 300;
    private static final long PING_TIMEOUT = 200;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingListener listener = new RecordingListener();
    private ScheduledThreadPoolExecutor realScheduler;

    @AfterEach
    void stopRealScheduler() {
        if (realScheduler != null) realScheduler.shutdownNow();
    }

    private static EngineConfig config(int maxQueued, long maxQueuedBytes) {
        return new EngineConfig(Duration.ofMillis(PING_INTERVAL), Duration.ofMillis(PING_TIMEOUT),
                Duration.ofMillis(100), 1_000_000, maxQueued, true, maxQueuedBytes);
    }

    private static EngineConfig config(int maxQueued) {
        return config(maxQueued, EngineConfig.DEFAULT_MAX_QUEUED_BYTES);
    }

    /** Opens a session on the transport and forgets the open packet. */
    private EngineSession open(FakeTransport transport, int maxQueued) {
        return open(transport, config(maxQueued));
    }

    private EngineSession open(FakeTransport transport, EngineConfig config) {
        EngineServer server = new EngineServer(config, scheduler, session -> listener);
        EngineSession session = server.open(transport, HANDSHAKE, List.of());
        transport.clear();
        return session;
    }

    private EngineSession open(FakeTransport transport) {
        return open(transport, 16);
    }

    private static List<EnginePacket> messages(String... data) {
        List<EnginePacket> out = new ArrayList<>();
        for (String d : data) out.add(EnginePacket.message(d));
        return out;
    }

    // ---- outbound queue ----

    @Test
    void packets_sent_on_a_fast_transport_are_written_in_order() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);

        assertTrue(session.send(EnginePacket.message("a")));
        assertTrue(session.send(messages("b", "c")));

        assertEquals(List.of("4a", "4b", "4c"), transport.texts());
        assertFalse(session.hasOutbound());
    }

    @Test
    void a_slow_client_gets_its_packets_in_order_once_it_reads() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);
        transport.hold();

        session.send(EnginePacket.message("a"));
        session.send(messages("b", "c"));
        assertTrue(transport.written().isEmpty());
        assertTrue(session.hasOutbound());

        transport.release(session);

        assertEquals(List.of("4a", "4b", "4c"), transport.texts());
        assertTrue(session.isOpen());
    }

    @Test
    void a_batch_that_fits_the_queue_exactly_is_queued_whole() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport, 4);
        transport.hold();
        session.send(EnginePacket.message("first"));

        assertTrue(session.send(messages("h", "x", "y")));

        assertTrue(session.isOpen());
        transport.release(session);
        assertEquals(List.of("4first", "4h", "4x", "4y"), transport.texts());
    }

    @Test
    void a_batch_that_does_not_fit_queues_none_of_its_packets_and_closes_the_session_with_send_buffer_full() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport, 4);
        transport.hold();
        session.send(EnginePacket.message("a"));
        session.send(EnginePacket.message("b"));

        assertFalse(session.send(messages("h", "x", "y")));

        assertFalse(session.isOpen());
        assertEquals(CloseReasons.SEND_BUFFER_FULL, session.closeReason());
        assertEquals(List.of(CloseReasons.SEND_BUFFER_FULL), listener.closes());
        assertEquals(List.of(CloseReasons.SEND_BUFFER_FULL), transport.closeReasons());
        transport.release(session);
        assertTrue(transport.written().isEmpty(), "no part of the batch, and nothing queued before, is written");
    }

    @Test
    void the_outbound_queue_takes_a_batch_all_or_none() {
        OutboundQueue queue = new OutboundQueue(3);
        assertTrue(queue.offer(EnginePacket.message("a")));

        assertFalse(queue.offerAll(messages("h", "x", "y")));
        assertEquals(1, queue.size());

        assertTrue(queue.offerAll(messages("h", "x")));
        assertEquals(3, queue.size());
        assertFalse(queue.offer(EnginePacket.message("z")));
        assertEquals(List.of("a", "h", "x"), List.of(queue.poll().data(), queue.poll().data(), queue.poll().data()));
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void a_client_that_does_not_read_large_messages_is_closed_once_the_queued_bytes_pass_the_bound() {
        FakeTransport transport = new FakeTransport();
        // many packets allowed, but only 4 MB
        EngineSession session = open(transport, config(4096, 4L * 1024 * 1024));
        transport.hold();
        String megabyte = "x".repeat(1024 * 1024);

        int accepted = 0;
        while (accepted < 100 && session.send(EnginePacket.message(megabyte))) accepted++;

        assertEquals(3, accepted, "three 1 MB packets fit in 4 MB (the open packet is gone), the fourth does not");
        assertFalse(session.isOpen());
        assertEquals(List.of(CloseReasons.SEND_BUFFER_FULL), listener.closes());
        assertEquals(List.of(CloseReasons.SEND_BUFFER_FULL), transport.closeReasons());
    }

    @Test
    void binary_packets_count_their_bytes_and_a_batch_over_the_byte_bound_is_refused_whole() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport, config(4096, 1000));
        transport.hold();

        assertTrue(session.send(List.of(EnginePacket.message("h"), EnginePacket.binary(new byte[500]))));
        assertFalse(session.send(List.of(EnginePacket.message("h"), EnginePacket.binary(new byte[500]))));

        assertFalse(session.isOpen());
        assertEquals(List.of(CloseReasons.SEND_BUFFER_FULL), listener.closes());
    }

    @Test
    void written_packets_give_their_bytes_back_so_a_reading_client_is_never_closed() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport, config(4096, 3000));
        String kilobyte = "x".repeat(1000);

        for (int i = 0; i < 100; i++) assertTrue(session.send(EnginePacket.message(kilobyte)), "packet " + i);

        assertTrue(session.isOpen());
        assertEquals(100, transport.written().size());
    }

    @Test
    void a_flush_then_close_that_completes_leaves_no_task_behind() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);
        transport.hold();
        session.send(EnginePacket.message("last words"));

        session.close(CloseReasons.FORCED_CLOSE);
        assertTrue(session.isOpen(), "waits for the queue to drain");
        transport.release(session);

        assertFalse(session.isOpen());
        assertEquals(0, scheduler.pendingTasks(), "the deadline of the flush-then-close is cancelled with the session");
    }

    @Test
    void one_packet_too_many_closes_the_session_with_send_buffer_full() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport, 3);
        transport.hold();

        assertTrue(session.send(EnginePacket.message("1")));
        assertTrue(session.send(EnginePacket.message("2")));
        assertTrue(session.send(EnginePacket.message("3")));
        assertFalse(session.send(EnginePacket.message("4")));

        assertFalse(session.isOpen());
        assertEquals(List.of(CloseReasons.SEND_BUFFER_FULL), listener.closes());
    }

    @Test
    void nothing_is_queued_once_the_session_is_closed() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);
        session.closeNow(CloseReasons.FORCED_CLOSE);

        assertFalse(session.send(EnginePacket.message("late")));
        assertFalse(session.send(messages("late", "too")));
        assertFalse(session.sendVolatile(messages("late")));

        assertTrue(transport.written().isEmpty());
    }

    // ---- volatile ----

    @Test
    void a_volatile_packet_is_written_when_the_transport_is_free() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);

        assertTrue(session.sendVolatile(messages("v")));

        assertEquals(List.of("4v"), transport.texts());
    }

    @Test
    void a_volatile_packet_is_dropped_when_the_transport_is_busy() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);
        transport.hold();

        assertFalse(session.sendVolatile(messages("v")));

        assertFalse(session.hasOutbound());
        transport.release(session);
        assertTrue(transport.written().isEmpty());
        assertTrue(session.isOpen());
    }

    @Test
    void a_volatile_packet_is_dropped_while_earlier_packets_still_wait() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);
        transport.stall();
        session.send(EnginePacket.message("queued"));

        assertFalse(session.sendVolatile(messages("v")));

        transport.release(session);
        assertEquals(List.of("4queued"), transport.texts());
    }

    // ---- closing ----

    @Test
    void close_writes_the_queued_packets_before_it_closes() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);
        transport.hold();
        session.send(EnginePacket.message("last words"));
        session.send(EnginePacket.message("goodbye"));

        session.close(CloseReasons.FORCED_CLOSE);

        assertTrue(session.isOpen(), "still open while packets wait");
        assertTrue(listener.closes().isEmpty());

        transport.release(session);

        assertEquals(List.of("4last words", "4goodbye"), transport.texts());
        assertFalse(session.isOpen());
        assertEquals(CloseReasons.FORCED_CLOSE, session.closeReason());
        assertEquals(List.of(CloseReasons.FORCED_CLOSE), listener.closes());
        assertEquals(List.of(CloseReasons.FORCED_CLOSE), transport.closeReasons());
    }

    @Test
    void close_with_nothing_queued_closes_at_once() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);

        session.close(CloseReasons.FORCED_CLOSE);

        assertFalse(session.isOpen());
        assertEquals(List.of(CloseReasons.FORCED_CLOSE), listener.closes());
    }

    @Test
    void close_gives_up_on_a_client_that_never_reads_after_ping_timeout() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);
        transport.hold();
        session.send(EnginePacket.message("never read"));

        session.close(CloseReasons.FORCED_CLOSE);
        scheduler.advanceMillis(PING_TIMEOUT - 1);
        assertTrue(session.isOpen());
        scheduler.advanceMillis(1);

        assertFalse(session.isOpen());
        assertEquals(List.of(CloseReasons.FORCED_CLOSE), listener.closes());
    }

    @Test
    void close_now_drops_the_queued_packets() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);
        transport.hold();
        session.send(EnginePacket.message("dropped"));

        session.closeNow(CloseReasons.TRANSPORT_CLOSE);

        assertFalse(session.isOpen());
        assertFalse(session.hasOutbound());
        transport.release(session);
        assertTrue(transport.written().isEmpty());
        assertEquals(List.of(CloseReasons.TRANSPORT_CLOSE), listener.closes());
    }

    @Test
    void the_listener_hears_of_the_close_exactly_once_whatever_closes_the_session() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);

        session.transportClosed(CloseReasons.TRANSPORT_ERROR);
        session.closeNow(CloseReasons.FORCED_CLOSE);
        session.close(CloseReasons.FORCED_CLOSE);
        session.receive(EnginePacket.CLOSE);
        scheduler.advanceMillis(10 * PING_INTERVAL);

        assertEquals(List.of(CloseReasons.TRANSPORT_ERROR), listener.closes());
        assertEquals(List.of(CloseReasons.TRANSPORT_ERROR), transport.closeReasons());
        assertEquals(CloseReasons.TRANSPORT_ERROR, session.closeReason());
    }

    @Test
    void the_listener_hears_of_the_close_exactly_once_when_threads_race_to_close() throws Exception {
        for (int round = 0; round < 50; round++) {
            RecordingListener recording = new RecordingListener();
            EngineServer server = new EngineServer(config(16), scheduler, s -> recording);
            FakeTransport transport = new FakeTransport();
            EngineSession session = server.open(transport, HANDSHAKE, List.of());
            int threads = 4;
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> closers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    switch (n) {
                        case 0 -> session.closeNow(CloseReasons.FORCED_CLOSE);
                        case 1 -> session.close(CloseReasons.FORCED_CLOSE);
                        case 2 -> session.receive(EnginePacket.CLOSE);
                        default -> session.transportClosed(CloseReasons.TRANSPORT_ERROR);
                    }
                });
                t.start();
                closers.add(t);
            }
            start.countDown();
            for (Thread t : closers) t.join(2_000);

            assertEquals(1, recording.closes().size(), "round " + round + ": " + recording.closes());
            assertEquals(1, transport.closeReasons().size(), "round " + round);
        }
    }

    // ---- inbound ----

    @Test
    void messages_reach_the_listener_and_open_upgrade_and_noop_packets_are_ignored() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);

        session.receive(EnginePacket.message("text"));
        session.receive(EnginePacket.binary(new byte[] {1, 2}));
        session.receive(EnginePacket.NOOP);
        session.receive(EnginePacket.UPGRADE);
        session.receive(EnginePacket.of(EnginePacketType.OPEN));

        assertEquals(List.of(EnginePacket.message("text"), EnginePacket.binary(new byte[] {1, 2})), listener.messages());
        assertTrue(session.isOpen());
    }

    @Test
    void a_close_packet_from_the_client_closes_the_session_with_transport_close() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);

        session.receive(EnginePacket.CLOSE);

        assertFalse(session.isOpen());
        assertEquals(List.of(CloseReasons.TRANSPORT_CLOSE), listener.closes());
    }

    @Test
    void a_ping_from_the_client_closes_the_session_with_transport_error() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);

        session.receive(EnginePacket.PING);

        assertFalse(session.isOpen());
        assertEquals(List.of(CloseReasons.TRANSPORT_ERROR), listener.closes());
    }

    @Test
    void nothing_reaches_the_listener_after_the_close() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);
        session.closeNow(CloseReasons.FORCED_CLOSE);

        session.receive(EnginePacket.message("late"));

        assertTrue(listener.messages().isEmpty());
    }

    // ---- heartbeat (virtual clock) ----

    private long pings(FakeTransport transport) {
        return transport.written().stream().filter(p -> p.type() == EnginePacketType.PING).count();
    }

    @Test
    void the_server_pings_once_the_ping_interval_has_passed() {
        FakeTransport transport = new FakeTransport();
        open(transport);

        scheduler.advanceMillis(PING_INTERVAL - 1);
        assertEquals(0, pings(transport));
        scheduler.advanceMillis(1);

        assertEquals(List.of("2"), transport.texts());
    }

    @Test
    void a_session_without_pong_within_ping_timeout_closes_with_ping_timeout() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);

        scheduler.advanceMillis(PING_INTERVAL + PING_TIMEOUT - 1);
        assertTrue(session.isOpen());
        scheduler.advanceMillis(1);

        assertFalse(session.isOpen());
        assertEquals(CloseReasons.PING_TIMEOUT, session.closeReason());
        assertEquals(List.of(CloseReasons.PING_TIMEOUT), listener.closes());
        assertEquals(List.of(CloseReasons.PING_TIMEOUT), transport.closeReasons());
    }

    @Test
    void a_pong_cancels_the_timeout_and_the_next_ping_follows_a_ping_interval_later() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);

        for (int beat = 1; beat <= 3; beat++) {
            scheduler.advanceMillis(PING_INTERVAL);
            assertEquals(beat, pings(transport), "ping " + beat);
            scheduler.advanceMillis(PING_TIMEOUT - 10);
            session.receive(EnginePacket.PONG);
        }
        scheduler.advanceMillis(PING_INTERVAL - 1);
        assertEquals(3, pings(transport), "no ping before a full interval after the pong");
        assertTrue(session.isOpen());

        scheduler.advanceMillis(1 + PING_TIMEOUT);
        assertEquals(4, pings(transport));
        assertFalse(session.isOpen());
        assertEquals(List.of(CloseReasons.PING_TIMEOUT), listener.closes());
    }

    /** Opens a session whose message handler stalls the transport's thread for {@code stallMillis} of virtual time. */
    private EngineSession openWithSlowHandler(FakeTransport transport, long stallMillis) {
        EngineServer server = new EngineServer(config(16), scheduler, session -> new SessionListener() {
            @Override
            public void onMessage(EnginePacket packet) {
                scheduler.advanceMillis(stallMillis); // timers fire while the handler still runs
            }

            @Override
            public void onClose(String reason) {
                listener.onClose(reason);
            }
        });
        EngineSession session = server.open(transport, HANDSHAKE, List.of());
        transport.clear();
        return session;
    }

    @Test
    void a_pong_stuck_behind_a_slow_handler_does_not_count_as_late() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = openWithSlowHandler(transport, PING_TIMEOUT + 50);

        scheduler.advanceMillis(PING_INTERVAL);
        assertEquals(1, pings(transport));
        session.receive(EnginePacket.message("slow")); // the deadline passes inside the handler
        assertTrue(session.isOpen(), "the deadline waits while the transport's thread is busy");
        session.receive(EnginePacket.PONG);            // the pong that was queued behind it

        scheduler.advanceMillis(PING_INTERVAL - 1);     // past every extended deadline, before the next ping
        assertTrue(session.isOpen());
        assertEquals(1, pings(transport));
        assertEquals(List.of(), listener.closes());
    }

    @Test
    void a_handler_slower_than_three_ping_timeouts_still_ends_in_ping_timeout() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = openWithSlowHandler(transport, PING_TIMEOUT * 4);

        scheduler.advanceMillis(PING_INTERVAL);
        session.receive(EnginePacket.message("stuck"));

        assertFalse(session.isOpen());
        assertEquals(List.of(CloseReasons.PING_TIMEOUT), listener.closes());
    }

    @Test
    void an_unsolicited_pong_starts_no_second_heartbeat() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);

        session.receive(EnginePacket.PONG);
        session.receive(EnginePacket.PONG);
        scheduler.advanceMillis(PING_INTERVAL);

        assertEquals(1, pings(transport));
        assertTrue(session.isOpen());
    }

    @Test
    void a_closed_session_stops_its_heartbeat() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);
        scheduler.advanceMillis(PING_INTERVAL); // a ping is out, its deadline armed

        session.closeNow(CloseReasons.TRANSPORT_CLOSE);

        assertEquals(0, scheduler.pendingTasks());
        scheduler.advanceMillis(10 * PING_INTERVAL);
        assertEquals(1, pings(transport));
        assertEquals(List.of(CloseReasons.TRANSPORT_CLOSE), listener.closes());
    }

    // ---- heartbeat (real clock) ----

    @Test
    void on_a_real_clock_pongs_keep_the_session_open_and_silence_closes_it_with_ping_timeout() {
        realScheduler = new ScheduledThreadPoolExecutor(1);
        // a short interval, and a timeout long enough for a loaded test machine to answer in time
        EngineConfig fast = new EngineConfig(Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofMillis(10),
                1_000_000, 16, true);
        EngineServer server = new EngineServer(fast, realScheduler, s -> listener);
        FakeTransport transport = new FakeTransport();
        EngineSession session = server.open(transport, HANDSHAKE, List.of());

        for (int beat = 1; beat <= 3; beat++) {
            int expected = beat;
            assertTrue(FakeTransport.await(() -> pings(transport) >= expected, 2_000), "ping " + beat);
            session.receive(EnginePacket.PONG);
        }
        assertTrue(session.isOpen());

        assertTrue(FakeTransport.await(() -> !listener.closes().isEmpty(), 2_000), "closed after the unanswered ping");
        assertFalse(session.isOpen());
        assertEquals(List.of(CloseReasons.PING_TIMEOUT), listener.closes());
    }

    // ---- upgrades ----

    @Test
    void a_polling_session_starts_one_upgrade_at_a_time() {
        FakeTransport polling = new FakeTransport("polling");
        EngineSession session = open(polling);

        assertFalse(session.isUpgrading());
        assertTrue(session.beginUpgrade());
        assertTrue(session.isUpgrading());
        assertFalse(session.beginUpgrade());

        session.abortUpgrade();
        assertFalse(session.isUpgrading());
        assertTrue(session.beginUpgrade());
    }

    @Test
    void a_websocket_session_cannot_upgrade() {
        EngineSession session = open(new FakeTransport("websocket"));

        assertFalse(session.beginUpgrade());
        assertFalse(session.isUpgrading());
    }

    @Test
    void a_closed_session_cannot_upgrade() {
        EngineSession session = open(new FakeTransport("polling"));
        session.closeNow(CloseReasons.TRANSPORT_CLOSE);

        assertFalse(session.beginUpgrade());
    }

    @Test
    void a_successful_probe_is_passed_to_the_current_transport() {
        FakeTransport polling = new FakeTransport("polling");
        EngineSession session = open(polling);
        session.beginUpgrade();

        session.upgradeProbed();

        assertTrue(polling.wasProbed());
    }

    @Test
    void completing_an_upgrade_switches_transport_retires_the_old_one_and_writes_what_waited_on_the_new_one() {
        FakeTransport polling = new FakeTransport("polling");
        EngineSession session = open(polling);
        polling.hold();
        session.send(EnginePacket.message("waiting"));
        session.beginUpgrade();
        FakeTransport websocket = new FakeTransport("websocket");

        session.completeUpgrade(websocket);

        assertSame(websocket, session.transport());
        assertFalse(session.isUpgrading());
        assertTrue(polling.isRetired());
        assertEquals(List.of("4waiting"), websocket.texts());
        session.send(EnginePacket.message("after"));
        assertEquals(List.of("4waiting", "4after"), websocket.texts());
        assertTrue(polling.written().isEmpty());
        assertFalse(session.beginUpgrade(), "a websocket session upgrades no further");
    }

    @Test
    void closing_an_upgraded_session_closes_the_new_transport() {
        FakeTransport polling = new FakeTransport("polling");
        EngineSession session = open(polling);
        session.beginUpgrade();
        FakeTransport websocket = new FakeTransport("websocket");
        session.completeUpgrade(websocket);

        session.closeNow(CloseReasons.FORCED_CLOSE);

        assertEquals(List.of(CloseReasons.FORCED_CLOSE), websocket.closeReasons());
        assertEquals(List.of(CloseReasons.FORCED_CLOSE), listener.closes());
    }

    @Test
    void the_listener_set_to_null_means_nobody_listens() {
        FakeTransport transport = new FakeTransport();
        EngineSession session = open(transport);
        session.setListener(null);

        session.receive(EnginePacket.message("ignored"));
        session.closeNow(CloseReasons.FORCED_CLOSE);

        assertTrue(listener.messages().isEmpty());
        assertTrue(listener.closes().isEmpty());
    }
}
