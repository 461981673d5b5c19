package dev.sio.engineio.websocket;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a session's queue to a WebSocket through the asynchronous send API, one frame in flight
 * at a time: the queue stays the one bounded buffer, and a slow client delays only itself.
 */
final class WebSocketTransport implements Transport {

    private static final Logger LOG = System.getLogger(WebSocketTransport.class.getName());

    private final Session socket;
    private final FrameSender sender;
    private final AtomicBoolean writing = new AtomicBoolean();

    WebSocketTransport(Session socket) {
        this.socket = socket;
        this.sender = FrameSender.of(socket);
    }

    @Override
    public String name() {
        return "websocket";
    }

    @Override
    public boolean isWritable() {
        return !writing.get() && socket.isOpen();
    }

    @Override
    public void packetsReady(EngineSession session) {
        if (writing.compareAndSet(false, true)) drain(session);
    }

    /**
     * Writes until the queue is empty or a write is still in flight when send returns; in the
     * latter case the completion callback resumes. A write that completes inside send() just lets
     * the loop go on, so a burst never recurses through callbacks.
     */
    private void drain(EngineSession session) {
        while (true) {
            EnginePacket packet = session.pollOutbound();
            if (packet == null) {
                writing.set(false);
                // a packet queued between poll() and set(false) saw writing=true and left it to us
                if (session.hasOutbound() && writing.compareAndSet(false, true)) continue;
                session.outboundDrained();
                return;
            }
            Write write = new Write(session);
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            // Tyrus schedules an idle-timeout task on every frame sent; on Payara the managed executor
            // then looks up context providers with ServiceLoader in the thread's context class loader,
            // a scan of every jar, per frame. With a loader that sees no jars the scan is empty; the
            // send itself needs nothing from it (the encoder is ours and already built).
            thread.setContextClassLoader(NoResourcesClassLoader.INSTANCE);
            try {
                sender.send(packet, write);
            } catch (RuntimeException e) {
                writing.set(false);
                LOG.log(Level.DEBUG, "Session {0}: send failed: {1}", session.id(), e.toString());
                session.transportClosed(CloseReasons.TRANSPORT_ERROR);
                return;
            } finally {
                thread.setContextClassLoader(previous);
            }
            if (write.callerLeaves()) return;
        }
    }

    @Override
    public void close(String reason) {
        if (!socket.isOpen()) return;
        try {
            socket.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, closeText(reason)));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "WebSocket close failed: {0}", e.toString());
        }
    }

    /** A close reason must fit in a control frame (123 bytes). */
    static String closeText(String reason) {
        if (reason == null) return "";
        return reason.length() > 120 ? reason.substring(0, 120) : reason;
    }

    /** Tells whether a write completed inside send() (the loop continues) or later (the callback continues). */
    private final class Write implements SendHandler {
        private static final int PENDING = 0, COMPLETED_INLINE = 1, CALLER_LEFT = 2;
        private final AtomicInteger state = new AtomicInteger(PENDING);
        private final EngineSession session;

        Write(EngineSession session) {
            this.session = session;
        }

        @Override
        public void onResult(SendResult result) {
            if (!result.isOK()) {
                writing.set(false);
                LOG.log(Level.DEBUG, "Session {0}: write failed: {1}", session.id(), String.valueOf(result.getException()));
                session.transportClosed(CloseReasons.TRANSPORT_ERROR);
                return;
            }
            if (!state.compareAndSet(PENDING, COMPLETED_INLINE)) drain(session);
        }

        boolean callerLeaves() {
            return state.compareAndSet(PENDING, CALLER_LEFT);
        }
    }
}
