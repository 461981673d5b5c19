package dev.sio.socketio.server;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.engineio.server.EngineConfig;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.FakeTransport;
import dev.sio.engineio.server.ManualScheduler;
import dev.sio.socketio.broadcast.Adapter;
import dev.sio.socketio.broadcast.BroadcastOptions;
import dev.sio.socketio.broadcast.InMemoryAdapter;
import dev.sio.socketio.broadcast.Recipient;
import dev.sio.socketio.server.SioHarness.TestClient;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Socket.IO side of a graceful shutdown: the engine closes the sessions, the sockets leave the normal way. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ShutdownTest {

    private final SioHarness harness = new SioHarness();
    private final List<String> events = new ArrayList<>();

    ShutdownTest() {
        harness.io.of("/").onConnection(socket -> {
            socket.onDisconnecting(reason -> events.add("disconnecting " + reason + " rooms=" + socket.rooms().size()));
            socket.onDisconnect(reason -> events.add("disconnect " + reason));
        });
    }

    @Test
    void every_socket_leaves_with_server_shutting_down_and_the_client_gets_no_disconnect_packet() {
        TestClient client = harness.connect("/");
        Socket socket = harness.io.of("/").sockets().values().iterator().next();
        socket.join("lobby");
        client.clear();

        harness.engine.shutdown(Duration.ofSeconds(1));

        assertFalse(client.isOpen());
        assertEquals(CloseReasons.SERVER_SHUTTING_DOWN, client.session.closeReason());
        assertEquals(DisconnectReasons.SERVER_SHUTTING_DOWN, CloseReasons.SERVER_SHUTTING_DOWN,
                "the engine's close reason is the socket's disconnect reason (a recoverable one)");
        // handlers see the socket still in its rooms while it is leaving, as with any other close
        assertEquals(List.of("disconnecting server shutting down rooms=2", "disconnect server shutting down"), events);
        // a DISCONNECT packet would make the stock client give up ("io server disconnect")
        assertEquals(List.of(), client.texts());
        assertEquals(List.of(CloseReasons.SERVER_SHUTTING_DOWN), client.transport.closeReasons());
        assertTrue(harness.io.of("/").sockets().isEmpty());
        assertEquals(Set.of(), harness.io.of("/").adapter().rooms());
    }

    @Test
    void a_pending_acknowledgement_fails_with_server_closed() {
        harness.connect("/");
        Socket socket = harness.io.of("/").sockets().values().iterator().next();
        CompletableFuture<Payload> withTimeout = socket.emitWithAck(Duration.ofMinutes(5), "question");
        CompletableFuture<Payload> withoutTimeout = socket.emitWithAck("question");

        harness.engine.shutdown(Duration.ZERO);

        for (CompletableFuture<Payload> ack : List.of(withTimeout, withoutTimeout)) {
            ExecutionException failed = assertThrows(ExecutionException.class, ack::get);
            ServerClosedException cause = assertInstanceOf(ServerClosedException.class, failed.getCause());
            assertInstanceOf(AckTimeoutException.class, cause, "existing handlers of lost acks still catch it");
            assertEquals("server shutting down", cause.getMessage());
        }
    }

    @Test
    void a_socket_that_leaves_for_another_reason_still_fails_its_acks_with_the_plain_exception() {
        harness.connect("/");
        Socket socket = harness.io.of("/").sockets().values().iterator().next();
        CompletableFuture<Payload> ack = socket.emitWithAck("question");

        socket.disconnect(true);

        ExecutionException failed = assertThrows(ExecutionException.class, ack::get);
        assertEquals(AckTimeoutException.class, failed.getCause().getClass());
    }

    @Test
    void a_broadcast_waiting_for_acknowledgements_fails_with_server_closed_instead_of_waiting_for_a_timer_that_stopped() {
        harness.connect("/");
        harness.connect("/");
        CompletableFuture<List<Payload>> acks = harness.io.of("/").timeout(Duration.ofMinutes(5)).emitWithAck("question");

        harness.engine.shutdown(Duration.ZERO);

        ExecutionException failed = assertThrows(ExecutionException.class, acks::get);
        assertInstanceOf(ServerClosedException.class, failed.getCause());
    }

    @Test
    void closing_the_server_closes_each_adapter_once_after_the_sockets_left() {
        ManualScheduler scheduler = new ManualScheduler();
        List<String> closed = new ArrayList<>();
        SocketIoServer[] holder = new SocketIoServer[1];
        SocketIoServer io = new SocketIoServer(new SocketIoConfig(Duration.ofSeconds(1), 10).withAdapter(
                (name, recovery) -> new ClosingAdapter(() -> closed.add(name + " sockets=" + holder[0].of(name).sockets().size()))),
                scheduler, SioHarness.MAPPER);
        holder[0] = io;
        io.of("/chat");
        EngineServer engine = new EngineServer(new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20),
                Duration.ofSeconds(10), 1_000_000, 64, true), scheduler, io);
        EngineSession session = engine.open(new FakeTransport(), SioHarness.HANDSHAKE, List.of());
        session.receive(EnginePacket.message("0/chat,"));
        assertEquals(1, io.of("/chat").sockets().size());

        engine.shutdown(Duration.ZERO);
        io.close();
        io.close();

        assertEquals(2, closed.size(), closed.toString());
        assertTrue(closed.containsAll(List.of("/ sockets=0", "/chat sockets=0")), closed.toString());
    }

    /** The in-memory adapter, counting its close. */
    private static final class ClosingAdapter extends ForwardingAdapter {
        private final Runnable onClose;

        ClosingAdapter(Runnable onClose) {
            super(null);
            this.onClose = onClose;
        }

        @Override public void close() { onClose.run(); }
    }
}
