package dev.sio.engineio.websocket;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.engineio.server.EngineConfig;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.ManualScheduler;
import dev.sio.engineio.server.SessionListener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write chain of the WebSocket transport, with a fake sender and socket: no container. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WebSocketTransportTest {

    private static final HandshakeInfo HANDSHAKE = new HandshakeInfo(Map.of(), Map.of(), "127.0.0.1", "/socket.io/", false);

    private final ManualScheduler scheduler = new ManualScheduler();
    private ScheduledThreadPoolExecutor realScheduler;

    @AfterEach
    void stop() {
        if (realScheduler != null) realScheduler.shutdownNow();
    }

    /** Records what is written: frame buffers (split into their packets' texts) and callback sends. */
    static final class FakeSender implements FrameSender {
        final boolean frames;
        final List<List<String>> writes = new CopyOnWriteArrayList<>(); // one entry per write
        final List<CompletableFuture<Object>> pendingFrames = new CopyOnWriteArrayList<>();
        final List<SendHandler> pendingSends = new CopyOnWriteArrayList<>();
        volatile boolean stallFrames;
        volatile boolean stallSends;
        volatile boolean failFrames;

        FakeSender(boolean frames) {
            this.frames = frames;
        }

        @Override
        public boolean writesFrames() {
            return frames;
        }

        @Override
        public Future<?> writeFrames(ByteBuffer buffer) {
            writes.add(parse(buffer));
            CompletableFuture<Object> future = new CompletableFuture<>();
            if (failFrames) future.completeExceptionally(new java.io.IOException("broken pipe"));
            else if (stallFrames) pendingFrames.add(future);
            else future.complete(null);
            return future;
        }

        @Override
        public void send(EnginePacket packet, SendHandler done) {
            writes.add(List.of("callback:" + (packet.isBinary() ? "bin:" + java.util.Arrays.toString(packet.binary()) : packet.wireText())));
            if (stallSends) pendingSends.add(done);
            else done.onResult(new SendResult());
        }

        /** Every packet written so far, in order, without the callback marker. */
        List<String> texts() {
            List<String> out = new ArrayList<>();
            for (List<String> write : writes) {
                for (String text : write) out.add(text.startsWith("callback:") ? text.substring(9) : text);
            }
            return out;
        }

        /** Splits a buffer of unmasked text frames back into their payloads. */
        static List<String> parse(ByteBuffer buffer) {
            ByteBuffer b = buffer.duplicate();
            List<String> out = new ArrayList<>();
            while (b.hasRemaining()) {
                byte head = b.get();
                assertTrue(head == (byte) 0x81 || head == (byte) 0x82, "a final text or binary frame");
                int code = b.get() & 0x7F;
                long length = code;
                if (code == 126) length = b.getShort() & 0xFFFF;
                else if (code == 127) length = b.getLong();
                byte[] payload = new byte[(int) length];
                b.get(payload);
                out.add(head == (byte) 0x82 ? "bin:" + java.util.Arrays.toString(payload) : new String(payload, StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    /** A socket that is open until closed, and remembers why it was closed. */
    static final class FakeSocket {
        final AtomicBoolean open = new AtomicBoolean(true);
        final List<String> closeReasons = new CopyOnWriteArrayList<>();

        Session session() {
            return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "isOpen" -> open.get();
                        case "close" -> {
                            open.set(false);
                            closeReasons.add(args == null ? "" : ((CloseReason) args[0]).getReasonPhrase());
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "FakeSocket";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private final FakeSocket socket = new FakeSocket();

    private EngineSession open(FakeSender sender, int maxQueued, ScheduledExecutorService timers) {
        EngineConfig config = new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20), Duration.ofSeconds(10),
                1_000_000, maxQueued, false);
        EngineServer server = new EngineServer(config, timers, s -> SessionListener.NONE);
        WebSocketTransport transport = new WebSocketTransport(socket.session(), sender);
        EngineSession session = server.open(transport, HANDSHAKE, List.of());
        sender.writes.clear(); // the open packet
        return session;
    }

    private EngineSession open(FakeSender sender) {
        return open(sender, 4096, scheduler);
    }

    /** Runs as a received message's handler would: inside a batch. */
    private static void inBatch(Runnable handler) {
        WriteBatch batch = WriteBatch.open();
        try {
            handler.run();
        } finally {
            if (batch != null) batch.close();
        }
    }

    private static void send(EngineSession session, String... data) {
        for (String d : data) assertTrue(session.send(EnginePacket.message(d)), "queued " + d);
    }

    /** An Engine.IO 3 session: binary frames carry the packet type byte; the shared packet stays as it is. */
    @Test
    void an_eio3_session_writes_binary_messages_with_their_type_byte_on_both_write_paths() {
        for (boolean frames : new boolean[]{true, false}) {
            FakeSender sender = new FakeSender(frames);
            EngineConfig config = new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20), Duration.ofSeconds(10),
                    1_000_000, 64, false).withAllowEio3(true);
            EngineServer server = new EngineServer(config, scheduler, s -> SessionListener.NONE);
            WebSocketTransport transport = new WebSocketTransport(socket.session(), sender);
            transport.useEio3();
            EngineSession v3 = server.open(transport, HANDSHAKE, List.of(), 3);
            sender.writes.clear();
            EnginePacket shared = EnginePacket.binary(new byte[]{7, 8});

            assertTrue(v3.send(List.of(EnginePacket.message("51-[\"b\",{\"_placeholder\":true,\"num\":0}]"), shared)));

            assertEquals(List.of("451-[\"b\",{\"_placeholder\":true,\"num\":0}]", "bin:[4, 7, 8]"), sender.texts(),
                    frames ? "frame path" : "callback path");
            FakeSender v4Sender = new FakeSender(frames);
            EngineSession v4 = open(v4Sender);
            assertTrue(v4.send(shared));
            assertEquals(List.of("bin:[7, 8]"), v4Sender.texts(), "a v4 session gets the same packet without the type byte");
        }
    }

    @Test
    void without_a_batch_each_packet_leaves_at_once_as_its_own_frame() {
        FakeSender sender = new FakeSender(true);
        EngineSession session = open(sender);
        send(session, "a", "b");
        assertEquals(List.of(List.of("4a"), List.of("4b")), sender.writes);
    }

    @Test
    void a_burst_in_one_handler_leaves_in_two_writes_the_first_packet_at_once() {
        FakeSender sender = new FakeSender(true);
        EngineSession session = open(sender);
        inBatch(() -> {
            send(session, "1", "2", "3", "4");
            assertEquals(List.of(List.of("41")), sender.writes, "the first packet is not delayed; the rest wait");
        });
        assertEquals(List.of(List.of("41"), List.of("42", "43", "44")), sender.writes);
        assertTrue(session.isOpen());
    }

    @Test
    void a_handler_that_sends_once_is_written_inside_the_handler() {
        FakeSender sender = new FakeSender(true);
        EngineSession session = open(sender);
        inBatch(() -> {
            send(session, "ack");
            assertEquals(List.of(List.of("4ack")), sender.writes);
        });
    }

    @Test
    void a_held_connection_is_written_before_its_sends_use_up_the_queue() {
        FakeSender sender = new FakeSender(true);
        EngineSession session = open(sender, 16, scheduler); // at most 16 / 4 = 4 sends held
        inBatch(() -> {
            send(session, "1", "2", "3", "4", "5", "6");
            assertEquals(List.of(List.of("41"), List.of("42", "43", "44", "45", "46")), sender.writes);
            send(session, "7");
        });
        assertEquals(List.of("41", "42", "43", "44", "45", "46", "47"), sender.texts());
        assertTrue(session.isOpen(), "a burst larger than the queue bound must not overflow it");
    }

    @Test
    void many_more_packets_than_the_queue_holds_arrive_in_order_from_one_handler() {
        FakeSender sender = new FakeSender(true);
        EngineSession session = open(sender, 16, scheduler);
        List<String> expected = new ArrayList<>();
        inBatch(() -> {
            for (int i = 0; i < 500; i++) {
                send(session, "m" + i);
                expected.add("4m" + i);
            }
        });
        assertEquals(expected, sender.texts());
        assertTrue(session.isOpen());
    }

    @Test
    void a_handler_that_blocks_after_a_burst_has_it_written_by_the_timer() {
        FakeSender sender = new FakeSender(true);
        EngineSession session = open(sender);
        inBatch(() -> {
            send(session, "1", "2", "3");
            assertEquals(1, sender.writes.size());
            scheduler.advance(Duration.ofMillis(WriteBatch.MAX_HOLD_MILLIS - 1));
            assertEquals(1, sender.writes.size(), "not before the deadline");
            scheduler.advance(Duration.ofMillis(1));
            assertEquals(List.of(List.of("41"), List.of("42", "43")), sender.writes, "the timer wrote the held packets");
            send(session, "4", "5"); // held again, by the same batch
        });
        assertEquals(List.of("41", "42", "43", "44", "45"), sender.texts());
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(5, sender.texts().size(), "the batch's closing cancelled its timer; nothing is written twice");
    }

    @Test
    void every_connection_of_a_broadcast_burst_gets_its_packets_in_two_writes() {
        List<FakeSender> senders = new ArrayList<>();
        List<EngineSession> sessions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            FakeSender sender = new FakeSender(true);
            senders.add(sender);
            sessions.add(open(sender));
        }
        inBatch(() -> {
            for (int m = 0; m < 50; m++) {
                EnginePacket packet = EnginePacket.message("b" + m); // one packet object for all, as a broadcast
                for (EngineSession s : sessions) assertTrue(s.send(packet));
            }
        });
        for (FakeSender sender : senders) {
            assertEquals(2, sender.writes.size());
            assertEquals(50, sender.texts().size());
            assertEquals("4b49", sender.texts().get(49));
        }
    }

    @Test
    void a_frame_write_that_did_not_finish_makes_the_next_packet_wait_for_a_callback() {
        FakeSender sender = new FakeSender(true);
        EngineSession session = open(sender);
        WebSocketTransport transport = (WebSocketTransport) session.transport();
        sender.stallFrames = true;
        sender.stallSends = true;
        send(session, "1");
        assertFalse(transport.isWritable(), "the container still holds our frame");
        send(session, "2", "3");
        assertEquals(List.of(List.of("41"), List.of("callback:42")), sender.writes,
                "with a frame write pending the next packet goes the callback way, one at a time");
        sender.stallFrames = false;
        sender.stallSends = false;
        sender.pendingFrames.get(0).complete(null);
        sender.pendingSends.get(0).onResult(new SendResult());
        assertEquals(List.of(List.of("41"), List.of("callback:42"), List.of("43")), sender.writes);
        assertTrue(transport.isWritable());
        assertTrue(session.isOpen());
    }

    @Test
    void a_failed_frame_write_closes_the_session() {
        FakeSender sender = new FakeSender(true);
        EngineSession session = open(sender);
        sender.failFrames = true;
        send(session, "1");
        assertFalse(session.isOpen());
        assertEquals(CloseReasons.TRANSPORT_ERROR, session.closeReason());
        assertEquals(List.of(CloseReasons.TRANSPORT_ERROR), socket.closeReasons);
    }

    @Test
    void a_failure_noticed_late_closes_the_session_on_the_next_write() {
        FakeSender sender = new FakeSender(true);
        EngineSession session = open(sender);
        sender.stallFrames = true;
        send(session, "1");
        sender.pendingFrames.get(0).completeExceptionally(new java.io.IOException("reset"));
        sender.stallFrames = false;
        send(session, "2");
        assertFalse(session.isOpen());
        assertEquals(CloseReasons.TRANSPORT_ERROR, session.closeReason());
    }

    @Test
    void the_portable_path_never_holds_and_sends_packet_by_packet() {
        FakeSender sender = new FakeSender(false);
        EngineSession session = open(sender);
        inBatch(() -> {
            send(session, "1", "2", "3");
            assertEquals(3, sender.writes.size(), "no batching where frames cannot be coalesced");
        });
        assertEquals(List.of(List.of("callback:41"), List.of("callback:42"), List.of("callback:43")), sender.writes);
    }

    @Test
    void a_close_after_a_burst_still_delivers_the_burst_first() {
        FakeSender sender = new FakeSender(true);
        EngineSession session = open(sender);
        inBatch(() -> {
            send(session, "1", "2", "bye");
            session.close("server namespace disconnect");
            assertTrue(session.isOpen(), "closing waits for the held packets");
        });
        assertEquals(List.of("41", "42", "4bye"), sender.texts());
        assertFalse(session.isOpen());
    }

    @Test
    void a_burst_racing_the_timer_on_another_thread_loses_and_reorders_nothing() throws Exception {
        realScheduler = new ScheduledThreadPoolExecutor(1);
        List<FakeSender> senders = new ArrayList<>();
        List<EngineSession> sessions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            FakeSender sender = new FakeSender(true);
            senders.add(sender);
            // room for the whole burst: while the timer's thread writes a connection (and may be
            // descheduled), this thread keeps queueing to it, as any second writer would
            sessions.add(open(sender, 4096, realScheduler));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int messages = 2000;
        inBatch(() -> {
            for (int m = 0; m < messages; m++) {
                EnginePacket packet = EnginePacket.message(String.valueOf(m));
                for (EngineSession s : sessions) assertTrue(s.send(packet));
                if (m % 100 == 0) {
                    try {
                        Thread.sleep(WriteBatch.MAX_HOLD_MILLIS + 1); // lets the timer flush mid-burst
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        for (FakeSender sender : senders) {
            while (sender.texts().size() < messages && System.nanoTime() < deadline) Thread.sleep(1);
            List<String> texts = sender.texts();
            assertEquals(messages, texts.size());
            for (int m = 0; m < messages; m++) assertEquals("4" + m, texts.get(m));
        }
        for (EngineSession s : sessions) assertTrue(s.isOpen());
    }

    @Test
    void a_close_reason_is_cut_to_123_utf8_bytes_without_splitting_a_character() {
        String ascii = "r".repeat(200);
        assertEquals(123, WebSocketTransport.closeText(ascii).length());

        String accented = "\u00e9".repeat(100); // 2 bytes each
        String cut = WebSocketTransport.closeText(accented);
        assertEquals(61, cut.length(), "61 characters are 122 bytes; a 62nd would make 124");
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 123);

        String emoji = "\ud83d\ude00".repeat(40); // 4 bytes per code point
        String cutEmoji = WebSocketTransport.closeText(emoji);
        assertEquals(120, cutEmoji.getBytes(StandardCharsets.UTF_8).length);
        assertFalse(Character.isHighSurrogate(cutEmoji.charAt(cutEmoji.length() - 1)));

        assertEquals("send buffer full", WebSocketTransport.closeText("send buffer full"));
        assertEquals("", WebSocketTransport.closeText(null));
    }
}
