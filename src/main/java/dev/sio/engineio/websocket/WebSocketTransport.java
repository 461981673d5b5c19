package dev.sio.engineio.websocket;

import dev.sio.engineio.protocol.EngineCodecV3;
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
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a session's queue to a WebSocket, one write in flight at a time: the queue stays the one
 * bounded buffer, and a slow client delays only itself.
 *
 * <p>Two ways to write. Packet by packet through the asynchronous send API (portable). Or, where
 * the {@link FrameSender} takes complete frames (Tyrus), everything queued at once as one buffer
 * of pre-encoded frames; a {@link WriteBatch} then also lets a handler's burst of emits pile up
 * per connection first, so that a burst costs a connection a few writes instead of one per packet.
 */
final class WebSocketTransport implements Transport {

    private static final Logger LOG = System.getLogger(WebSocketTransport.class.getName());

    /** Roughly the most bytes one coalesced write carries (a single larger packet still goes alone). */
    static final int MAX_WRITE_CHARS = 64 * 1024;
    /** The most sends a held connection collects before it is written anyway. */
    private static final int MAX_HELD_SENDS = 256;

    private final Session socket;
    private final FrameSender sender;
    private final boolean framed;
    private final AtomicBoolean writing = new AtomicBoolean();
    /*
     * An Engine.IO 3 client: its binary frames start with the packet type byte, so shared binary
     * packets are re-framed for it. Set once, before the session opens (see useEio3); v4 sessions
     * pay one test per write, not per packet on the frame path.
     */
    private boolean eio3;

    /*
     * Frame path only. The write chain's owner (whoever set `writing`) alone touches these, except
     * heldBy (under the batch's lock) and pendingWrite (read by isWritable).
     */
    private volatile Future<?> pendingWrite; // a frame write that had not completed when it returned
    volatile WriteBatch heldBy;              // the batch holding this transport, see WriteBatch
    private WriteBatch seenBatch;            // the batch, and its generation, of this transport's last write
    private long seenGeneration;
    private int heldSends;                   // sends while held, counted by the holding thread
    private EngineSession heldSession;

    WebSocketTransport(Session socket) {
        this(socket, FrameSender.of(socket));
    }

    WebSocketTransport(Session socket, FrameSender sender) {
        this.socket = socket;
        this.sender = sender;
        this.framed = sender.writesFrames();
    }

    /** Called once, before the session opens: this connection speaks Engine.IO 3. */
    void useEio3() {
        eio3 = true;
    }

    @Override
    public String name() {
        return "websocket";
    }

    @Override
    public boolean isWritable() {
        Future<?> pending = pendingWrite;
        return !writing.get() && (pending == null || pending.isDone()) && socket.isOpen();
    }

    @Override
    public void packetsReady(EngineSession session) {
        if (writing.compareAndSet(false, true)) {
            if (framed && holdForBatch(session)) return;
            drain(session);
        } else if (framed) {
            WriteBatch batch = heldBy;
            // held by this thread's batch: the queue's bound is not the batch's to spend
            if (batch != null && batch.isOwnedByCurrentThread() && ++heldSends >= maxHeldSends(session)) batch.release(this);
        }
    }

    /**
     * With the write chain ours: the first write of a batch goes out now; a second one in the same
     * batch waits for the batch (the handler is emitting a burst).
     */
    private boolean holdForBatch(EngineSession session) {
        WriteBatch batch = WriteBatch.current();
        if (batch == null) return false;
        if (seenBatch != batch || seenGeneration != batch.generation()) {
            seenBatch = batch;
            seenGeneration = batch.generation();
            return false;
        }
        heldSends = 0;
        heldSession = session;
        batch.hold(this, WriteBatch.timerOf(session));
        return true;
    }

    private static int maxHeldSends(EngineSession session) {
        return Math.max(1, Math.min(MAX_HELD_SENDS, session.server().config().maxQueuedPackets() / 4));
    }

    /** The batch let go of this transport (it still owns the write chain): write what is queued. */
    void flushHeld() {
        EngineSession session = heldSession;
        heldSession = null;
        drain(session);
    }

    /**
     * Writes until the queue is empty or a write is still in flight when send returns; in the
     * latter case the completion callback resumes. A write that completes inside send() just lets
     * the loop go on, so a burst never recurses through callbacks.
     */
    private void drain(EngineSession session) {
        if (framed) {
            drainFrames(session);
            return;
        }
        while (true) {
            EnginePacket packet = session.pollOutbound();
            if (packet == null) {
                writing.set(false);
                // a packet queued between poll() and set(false) saw writing=true and left it to us
                if (session.hasOutbound() && writing.compareAndSet(false, true)) continue;
                session.outboundDrained();
                return;
            }
            if (eio3) packet = forEio3(packet);
            Write write = new Write(session);
            if (!send(session, packet, write)) return;
            if (write.callerLeaves()) return;
        }
    }

    /** A binary message as an Engine.IO 3 client reads it: type byte 4, then the data. */
    private static EnginePacket forEio3(EnginePacket packet) {
        return packet.isBinary() ? EnginePacket.binary(EngineCodecV3.binaryFrame(packet)) : packet;
    }

    /** One packet through the sender's callback send; false (and the session closed) when it threw. */
    private boolean send(EngineSession session, EnginePacket packet, Write write) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Tyrus schedules an idle-timeout task on every frame sent; on Payara the managed executor
        // then looks up context providers with ServiceLoader in the thread's context class loader,
        // a scan of every jar, per frame. With a loader that sees no jars the scan is empty; the
        // send itself needs nothing from it (the encoder is ours and already built).
        thread.setContextClassLoader(NoResourcesClassLoader.INSTANCE);
        try {
            sender.send(packet, write);
            return true;
        } catch (RuntimeException e) {
            writing.set(false);
            LOG.log(Level.DEBUG, "Session {0}: send failed: {1}", session.id(), e.toString());
            session.transportClosed(CloseReasons.TRANSPORT_ERROR);
            return false;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The frame path: everything queued (up to {@link #MAX_WRITE_CHARS}) leaves as one buffer of
     * the packets' cached frames. A write the container could not finish at once stays queued in
     * it; until it has gone, the next packet travels through the callback send, whose completion
     * (the container writes in order) says when to go on: at most one buffer waits unseen.
     */
    private void drainFrames(EngineSession session) {
        while (true) {
            Future<?> pending = pendingWrite;
            if (pending != null) {
                if (!pending.isDone()) {
                    if (!sendOneWithCallback(session)) return;
                    continue;
                }
                pendingWrite = null;
                if (failed(session, pending)) return;
            }
            List<EnginePacket> packets = session.drainOutbound(MAX_WRITE_CHARS);
            if (packets.isEmpty()) {
                writing.set(false);
                // a packet queued between the drain and set(false) saw writing=true and left it to us
                if (session.hasOutbound() && writing.compareAndSet(false, true)) continue;
                session.outboundDrained();
                return;
            }
            Future<?> written;
            try {
                written = sender.writeFrames(eio3 ? joinForEio3(packets) : join(packets));
            } catch (RuntimeException e) {
                writing.set(false);
                LOG.log(Level.DEBUG, "Session {0}: write failed: {1}", session.id(), e.toString());
                session.transportClosed(CloseReasons.TRANSPORT_ERROR);
                return;
            }
            if (!written.isDone()) pendingWrite = written;
            else if (failed(session, written)) return;
        }
    }

    /** Sends one packet the callback way; false when the caller must leave (the callback goes on, or it ended). */
    private boolean sendOneWithCallback(EngineSession session) {
        EnginePacket packet = session.pollOutbound();
        if (packet == null) {
            writing.set(false);
            if (session.hasOutbound() && writing.compareAndSet(false, true)) return true;
            session.outboundDrained();
            return false;
        }
        if (eio3) packet = forEio3(packet);
        Write write = new Write(session);
        if (!send(session, packet, write)) return false;
        return !write.callerLeaves();
    }

    private boolean failed(EngineSession session, Future<?> done) {
        try {
            done.get();
            return false;
        } catch (ExecutionException | RuntimeException e) {
            writing.set(false);
            LOG.log(Level.DEBUG, "Session {0}: write failed: {1}", session.id(), e.toString());
            session.transportClosed(CloseReasons.TRANSPORT_ERROR);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // cannot happen for a done future; keep the flag anyway
            return false;
        }
    }

    /**
     * The frames of the packets back to back. One packet: its cached frame itself, wrapped, not
     * copied. Not a read-only view: Tyrus's servlet writer copies buffers without an accessible
     * array; nothing below us writes into the array.
     */
    static ByteBuffer join(List<EnginePacket> packets) {
        if (packets.size() == 1) return ByteBuffer.wrap(packets.get(0).webSocketFrame());
        int total = 0;
        for (EnginePacket packet : packets) total += packet.webSocketFrame().length;
        byte[] out = new byte[total];
        int at = 0;
        for (EnginePacket packet : packets) {
            byte[] frame = packet.webSocketFrame();
            System.arraycopy(frame, 0, out, at, frame.length);
            at += frame.length;
        }
        return ByteBuffer.wrap(out);
    }

    static ByteBuffer joinForEio3(List<EnginePacket> packets) {
        List<EnginePacket> framed = new java.util.ArrayList<>(packets.size());
        for (EnginePacket packet : packets) framed.add(forEio3(packet));
        return join(framed);
    }

    @Override
    public void close(String reason) {
        if (!socket.isOpen()) return;
        try {
            socket.close(new CloseReason(closeCode(reason), closeText(reason)));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "WebSocket close failed: {0}", e.toString());
        }
    }

    /** 1001 (going away) when the server stops, as RFC 6455 says; 1000 otherwise. */
    static CloseReason.CloseCode closeCode(String reason) {
        return CloseReasons.SERVER_SHUTTING_DOWN.equals(reason)
                ? CloseReason.CloseCodes.GOING_AWAY : CloseReason.CloseCodes.NORMAL_CLOSURE;
    }

    /** The most UTF-8 bytes of a close reason: a control frame carries 125, two of them the code. */
    static final int MAX_CLOSE_REASON_BYTES = 123;

    /**
     * A close reason that fits in a control frame: cut at 123 UTF-8 bytes, never inside a
     * character (a longer one makes the container refuse the close, and the socket stays open).
     */
    static String closeText(String reason) {
        if (reason == null) return "";
        int bytes = 0;
        for (int i = 0; i < reason.length(); ) {
            int codePoint = reason.codePointAt(i);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_CLOSE_REASON_BYTES) return reason.substring(0, i);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return reason;
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
