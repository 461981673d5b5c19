package dev.sio.socketio.server;

import dev.sio.engineio.server.CloseReasons;
import dev.sio.socketio.server.SioHarness.TestClient;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, defect 1: a connection that closes while its CONNECT is in the middlewares (a slow JWKS
 * fetch) must not leave a registered socket behind: no connect handler, no room, no entry anywhere.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConnectWhileClosingTest {

    private final SioHarness harness = new SioHarness();

    @Test
    void a_socket_whose_connection_closed_during_the_middlewares_is_not_registered_and_no_handler_runs() {
        AtomicInteger connects = new AtomicInteger();
        AtomicInteger disconnects = new AtomicInteger();
        Namespace chat = harness.io.of("/chat")
                .use(socket -> socket.join("lobby"))
                .onConnection(socket -> {
                    connects.incrementAndGet();
                    socket.onDisconnect(reason -> disconnects.incrementAndGet());
                });
        TestClient client = harness.open();
        chat.use(socket -> client.session.closeNow(CloseReasons.TRANSPORT_CLOSE)); // the client went away meanwhile

        client.send("0/chat,");

        assertEquals(0, connects.get(), "no connect handler for a socket whose connection is gone");
        assertTrue(chat.sockets().isEmpty(), "the namespace holds no socket");
        assertEquals(Set.of(), chat.adapter().rooms(), "no room keeps the socket");
        assertEquals(Set.of(), chat.adapter().sockets(Set.of()), "the adapter knows no socket");
        assertEquals(List.of(), client.texts(), "nothing was queued to the closed connection");
        assertFalse(client.isOpen());
    }

    @Test
    void a_close_from_another_thread_while_a_middleware_waits_leaves_nothing_behind() throws Exception {
        CountDownLatch inMiddleware = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger connects = new AtomicInteger();
        Namespace chat = harness.io.of("/chat").use(socket -> {
            inMiddleware.countDown();
            try {
                assertTrue(closed.await(5, TimeUnit.SECONDS)); // a JWKS fetch that outlives the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).onConnection(socket -> connects.incrementAndGet());
        TestClient client = harness.open();

        CompletableFuture<Void> connecting = CompletableFuture.runAsync(() -> client.send("0/chat,"));
        assertTrue(inMiddleware.await(5, TimeUnit.SECONDS));
        client.session.closeNow(CloseReasons.TRANSPORT_CLOSE);
        closed.countDown();
        connecting.get(5, TimeUnit.SECONDS);

        assertEquals(0, connects.get());
        assertTrue(chat.sockets().isEmpty());
        assertEquals(Set.of(), chat.adapter().sockets(Set.of()));
    }

    @Test
    void a_connection_closed_by_an_earlier_connection_listener_stops_the_later_ones_and_disconnects_once() {
        AtomicInteger later = new AtomicInteger();
        AtomicInteger disconnects = new AtomicInteger();
        Namespace main = harness.io.of("/")
                .onConnection(socket -> {
                    socket.onDisconnect(reason -> disconnects.incrementAndGet());
                    harness.engine.find(socket.sessionId()).closeNow(CloseReasons.TRANSPORT_CLOSE);
                })
                .onConnection(socket -> later.incrementAndGet());
        TestClient client = harness.open();

        client.send("0");

        assertEquals(0, later.get());
        assertEquals(1, disconnects.get());
        assertTrue(main.sockets().isEmpty());
    }
}
