package dev.sio.cdi;

import dev.sio.engineio.server.EngineServer;
import dev.sio.socketio.server.SocketIoServer;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The order in which the server stops (undeployment, server stop), kept apart from CDI so that it
 * can be tested with {@code new}:
 * <ol>
 * <li>each Engine.IO server refuses new connections (HTTP 503 {@code {"code":4,"message":"Server
 *     shutting down"}}) and closes its sessions with {@code server shutting down}, after their queued
 *     packets (at most {@code drain}): WebSockets close with 1001, parked polls get a CLOSE packet,
 *     so the stock client reconnects; sockets leave with that (recoverable) reason through their
 *     normal close path, and their pending acknowledgements fail with
 *     {@link dev.sio.socketio.server.ServerClosedException};</li>
 * <li>the Socket.IO server closes what is left and its adapters;</li>
 * <li>the timer thread stops (queued heartbeats and deadlines are dropped, not run);</li>
 * <li>the other resources close (the token verifier's JWKS client).</li>
 * </ol>
 * Each step runs even when an earlier one failed.
 */
final class ShutdownSequence {

    private static final Logger LOG = System.getLogger(ShutdownSequence.class.getName());

    private final List<EngineServer> engines;
    private final SocketIoServer server;
    private final ExecutorService timer;
    private final List<AutoCloseable> resources;
    private final Duration drain;

    ShutdownSequence(List<EngineServer> engines, SocketIoServer server, ExecutorService timer,
                     List<AutoCloseable> resources, Duration drain) {
        this.engines = List.copyOf(engines);
        this.server = server;
        this.timer = timer;
        this.resources = List.copyOf(resources);
        this.drain = drain;
    }

    /** Runs the steps; returns how many sessions were open when it began. */
    int run() {
        long start = System.nanoTime();
        int sessions = 0;
        for (EngineServer engine : engines) {
            try {
                sessions += engine.shutdown(drain);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Shutdown: closing the sessions failed", e);
            }
        }
        try {
            server.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Shutdown: closing the Socket.IO server failed", e);
        }
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "Shutdown: the timer thread did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Shutdown: closing " + resource + " failed", e);
            }
        }
        LOG.log(Level.INFO, "Socket.IO server stopped: {0} session(s) closed in {1} ms",
                sessions, (System.nanoTime() - start) / 1_000_000);
        return sessions;
    }
}
