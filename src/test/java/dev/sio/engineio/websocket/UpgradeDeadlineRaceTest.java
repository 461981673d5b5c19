package dev.sio.engineio.websocket;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.EngineConfig;
import dev.sio.engineio.server.EngineRegistry;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.FakeTransport;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.ManualScheduler;
import dev.sio.engineio.server.SessionListener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review item: the upgrade deadline firing just as the client completes the upgrade. Whichever
 * wins, the session must end up consistent: either on the WebSocket with the socket open, or back
 * on polling with the socket closed. Never on a WebSocket the deadline has just closed.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class UpgradeDeadlineRaceTest {

    private static final String PATH = "/upgrade-race-test/";
    private static final Duration UPGRADE_TIMEOUT = Duration.ofSeconds(10);
    private static final HandshakeInfo HANDSHAKE = new HandshakeInfo(Map.of(),
            Map.of("EIO", List.of("4"), "transport", List.of("polling")), "127.0.0.1", "/socket.io/?EIO=4&transport=polling", false);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final EngineServer engine = new EngineServer(new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20),
            UPGRADE_TIMEOUT, 1_000_000, 64, true), scheduler, session -> SessionListener.NONE);

    @AfterEach
    void unregister() {
        EngineRegistry.unregister(PATH);
    }

    @Test
    void an_upgrade_completed_as_its_deadline_fires_never_leaves_the_session_on_a_closed_socket() throws Exception {
        EngineRegistry.register(PATH, engine);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
        int runs = 0;
        int completed = 0;
        CyclicBarrier bothReady = new CyclicBarrier(2);
        while (runs < 20_000 && System.nanoTime() < deadline) {
            runs++;
            EngineSession session = engine.open(new FakeTransport("polling"), HANDSHAKE, List.of("websocket"));
            FakeSession socket = new FakeSession(session.id(), 4);
            Session ws = socket.proxy();
            WebSocketConnection.open(ws, PATH);
            WebSocketConnection connection = WebSocketConnection.of(ws);
            connection.onMessage(EnginePacket.PING_PROBE);

            Thread timer = new Thread(() -> {
                await(bothReady);
                scheduler.advance(UPGRADE_TIMEOUT);
            });
            timer.start();
            await(bothReady);
            connection.onMessage(EnginePacket.UPGRADE);
            timer.join();

            boolean onWebSocket = "websocket".equals(session.transport().name());
            if (onWebSocket) {
                completed++;
                assertFalse(socket.closed.get(), "run " + runs + ": the session moved to a WebSocket the deadline closed");
            } else {
                assertTrue(socket.closed.get(), "run " + runs + ": back on polling, the WebSocket must be closed");
            }
            assertFalse(session.isUpgrading(), "run " + runs);
            session.closeNow("test over");
        }
        assertTrue(runs > 100, "ran " + runs + " times");
        assertTrue(completed > 0 || runs == 0, "some upgrades complete (" + completed + " of " + runs + ")");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
