package dev.sio.engineio.polling;

import dev.sio.engineio.protocol.EngineCodec;
import dev.sio.engineio.protocol.EngineCodecV3;
import dev.sio.engineio.protocol.EngineProtocolException;
import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.BurstScope;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.Transport;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP long-polling for one session: a GET waits (parked as an async request) until packets are
 * queued, a POST carries the client's packets. At most one GET and one POST at a time, as the spec
 * demands: a second one closes the session.
 */
final class PollingTransport implements Transport, BurstScope.Member {

    private static final Logger LOG = System.getLogger(PollingTransport.class.getName());

    private final int maxPayload;
    private final long pollTimeoutMillis;
    private final WriteDeadline writeDeadline;
    private final AsyncEnds ends;
    private final ClosedByClient closedByClient;
    private final AtomicReference<AsyncEnds.Handle> parked = new AtomicReference<>();
    private final AtomicBoolean posting = new AtomicBoolean();
    // Engine.IO 3 (socket.io-client 2.x) frames its payloads differently; chosen once per session
    private final boolean eio3;
    // v3 only: the client reads binary payloads (it did not send b64=1)
    private final boolean binaryPayloads;
    private volatile boolean noopOnNextPoll;
    private volatile boolean retired;
    private volatile EngineSession session;

    /**
     * @param protocol       the session's Engine.IO revision, 4 or 3
     * @param binaryPayloads for protocol 3: whether binary packets go out as an XHR2 binary payload
     *                       (the client did not ask for base64 with {@code b64})
     */
    PollingTransport(int maxPayload, long pollTimeoutMillis, WriteDeadline writeDeadline, AsyncEnds ends,
                     ClosedByClient closedByClient, int protocol, boolean binaryPayloads) {
        this.closedByClient = closedByClient;
        this.eio3 = protocol == 3;
        this.binaryPayloads = binaryPayloads;
        this.maxPayload = maxPayload;
        this.pollTimeoutMillis = pollTimeoutMillis;
        this.writeDeadline = writeDeadline;
        this.ends = ends;
    }

    void attach(EngineSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "polling";
    }

    @Override
    public boolean isWritable() {
        return parked.get() != null;
    }

    boolean isRetired() {
        return retired;
    }

    // ---- GET ----

    void poll(HttpServletRequest request, HttpServletResponse response) throws IOException {
        EngineSession current = session;
        if (noopOnNextPoll) {
            noopOnNextPoll = false;
            answerNow(request, response, List.of(EnginePacket.NOOP));
            return;
        }
        if (parked.get() != null) {
            // the spec: a second concurrent GET is an error that ends the session; it also answers a
            // client whose previous poll was cancelled without the server noticing
            LOG.log(Level.DEBUG, "Session {0}: overlapping GET; closing", current.id());
            PollingServlet.refuse(response, dev.sio.engineio.server.EngineError.BAD_REQUEST);
            current.closeNow(CloseReasons.TRANSPORT_ERROR);
            return;
        }
        if (current.hasOutbound()) {
            answerNow(request, response, current.drainOutbound(maxPayload));
            current.outboundDrained();
            return;
        }
        AsyncEnds.Handle async = ends.start(request, pollTimeoutMillis);
        async.async().addListener(new TimeoutAnswer(async));
        if (!parked.compareAndSet(null, async)) {
            PollingServlet.refuse((HttpServletResponse) async.async().getResponse(), dev.sio.engineio.server.EngineError.BAD_REQUEST);
            async.complete();
            current.closeNow(CloseReasons.TRANSPORT_ERROR);
            return;
        }
        if (!current.isOpen()) {
            // closed while this GET was parking: close() found no poll to answer, so answer it here,
            // as close() would have (and take the sid kept for a GET on its way: this is that GET)
            AsyncEnds.Handle mine = parked.getAndSet(null);
            if (mine != null) answerClosing(mine, current, current.closeReason());
            return;
        }
        // packets queued between the check above and parking would otherwise wait for the next ones
        if (current.hasOutbound()) answerParked(current);
    }

    private void onAborted(AsyncEnds.Handle async) {
        if (parked.compareAndSet(async, null)) {
            EngineSession current = session;
            LOG.log(Level.DEBUG, "Session {0}: poll cancelled by the client; closing", current.id());
            current.closeNow(CloseReasons.TRANSPORT_CLOSE);
        }
    }

    /**
     * Inside a burst (a handler emitting on this thread, see {@link BurstScope}) a parked poll is
     * answered when the burst ends, with everything it queued; otherwise at once.
     */
    @Override
    public void packetsReady(EngineSession current) {
        if (parked.get() != null && BurstScope.hold(this, current.server())) return;
        answerParked(current);
    }

    @Override
    public void flushBurst() {
        EngineSession current = session;
        if (current != null) answerParked(current);
    }

    /** Answers the parked poll, if there is one, with what is queued. */
    private void answerParked(EngineSession current) {
        for (;;) {
            AsyncEnds.Handle async = parked.getAndSet(null);
            if (async == null) return;
            List<EnginePacket> packets = current.drainOutbound(maxPayload);
            if (!packets.isEmpty()) {
                answer(async, packets);
                current.outboundDrained();
                return;
            }
            // nothing after all (another poll took them): park again
            if (!parked.compareAndSet(null, async)) {
                answer(async, List.of(EnginePacket.NOOP));
                return;
            }
            // a packet queued while the poll was taken out found no parked poll, so its sender left
            // it to whoever holds the poll: look again, or it would wait for the next packet or ping
            if (!current.hasOutbound()) return;
        }
    }

    @Override
    public void upgradeProbed() {
        AsyncEnds.Handle async = parked.getAndSet(null);
        if (async != null) answer(async, List.of(EnginePacket.NOOP));
        else noopOnNextPoll = true; // the client may be between polls: its next one gets the noop
    }

    @Override
    public void retire() {
        retired = true;
        AsyncEnds.Handle async = parked.getAndSet(null);
        if (async != null) answer(async, List.of(EnginePacket.NOOP));
    }

    @Override
    public void close(String reason) {
        AsyncEnds.Handle async = parked.getAndSet(null);
        if (async != null) answerClosing(async, session, reason);
    }

    /** The last answer of a closed session's poll. */
    private void answerClosing(AsyncEnds.Handle async, EngineSession current, String reason) {
        // this GET gets the noop: no other one may (see ClosedByClient)
        if (current != null) closedByClient.takeRecent(current.id());
        // the client asked to close: release its poll; the server closes: tell it so
        answer(async, List.of(CloseReasons.TRANSPORT_CLOSE.equals(reason) ? EnginePacket.NOOP : EnginePacket.CLOSE));
    }

    /** A parked poll, answered from any thread: the container finishes it (see {@link PollAnswer}). */
    private void answer(AsyncEnds.Handle async, List<EnginePacket> packets) {
        try {
            answerFor(packets).handOff(async);
        } catch (RuntimeException e) {
            // the request is gone (the client left, the container timed it out): nothing to answer
            LOG.log(Level.DEBUG, "Poll hand-off failed: {0}", e.getClass().getSimpleName());
        }
    }

    /** A poll answered on its own container thread, without parking. */
    private void answerNow(HttpServletRequest request, HttpServletResponse response, List<EnginePacket> packets) throws IOException {
        answerFor(packets).write(request, response, writeDeadline, ends);
    }

    private PollAnswer answerFor(List<EnginePacket> packets) {
        if (!eio3) return new PollAnswer(EngineCodec.encodePayload(packets).getBytes(StandardCharsets.UTF_8), session);
        if (binaryPayloads && EngineCodecV3.hasBinary(packets)) {
            return new PollAnswer(EngineCodecV3.encodeBinaryPayload(packets), PollAnswer.BINARY, session);
        }
        return new PollAnswer(EngineCodecV3.encodeTextPayload(packets).getBytes(StandardCharsets.UTF_8), session);
    }

    /** Decodes a POST body in this session's framing; {@code contentType} tells a v3 binary payload. */
    List<EnginePacket> decodeBody(byte[] body, String contentType) throws EngineProtocolException {
        if (!eio3) return EngineCodec.decodePayload(new String(body, StandardCharsets.UTF_8));
        if (contentType != null && contentType.startsWith(PollAnswer.BINARY)) return EngineCodecV3.decodeBinaryPayload(body);
        return EngineCodecV3.decodeTextPayload(new String(body, StandardCharsets.UTF_8));
    }

    /** A poll that waited its whole time gets a noop, so proxies never see a hung request. */
    private final class TimeoutAnswer implements AsyncListener {
        private final AsyncEnds.Handle async;

        TimeoutAnswer(AsyncEnds.Handle async) {
            this.async = async;
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            if (parked.compareAndSet(async, null)) answer(async, List.of(EnginePacket.NOOP));
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
            onAborted(async);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }

    // ---- POST ----

    /** True when no other POST is under way; the caller must call {@link #endPost()} after. */
    boolean beginPost() {
        return posting.compareAndSet(false, true);
    }

    void endPost() {
        posting.set(false);
    }
}
