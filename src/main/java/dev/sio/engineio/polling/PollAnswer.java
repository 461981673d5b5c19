package dev.sio.engineio.polling;

import dev.sio.engineio.server.CloseReasons;
import dev.sio.engineio.server.EngineSession;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One poll answer (an encoded payload) and how it reaches the client without any thread waiting on
 * it. A parked poll is answered from whichever thread queued packets (a broadcaster, a timer): that
 * thread only hands the answer to the container ({@link #handOff}, an async dispatch), so the
 * request is finished by a container thread with its request lifecycle intact (completing it from a
 * foreign thread made Weld warn on every poll). The container thread then writes it ({@link #write}):
 * at once when the socket surely takes it (see {@link WriteDeadline#takesAtOnce}), else with Servlet
 * non-blocking I/O: a client that stopped reading holds no thread, and one that does not take its
 * answer within the write deadline loses its session.
 */
final class PollAnswer implements WriteListener, AsyncListener {

    private static final Logger LOG = System.getLogger(PollAnswer.class.getName());
    private static final String ATTRIBUTE = PollAnswer.class.getName();

    static final String TEXT = "text/plain; charset=UTF-8";
    /** An Engine.IO 3 binary payload (XHR2 clients). */
    static final String BINARY = "application/octet-stream";

    private final byte[] body;
    private final String contentType;
    private final EngineSession session;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean written;
    private volatile AsyncEnds.Handle async;
    private volatile ServletOutputStream out;
    private volatile WriteDeadline deadline;
    private volatile ServletRequest request;

    PollAnswer(byte[] body, EngineSession session) {
        this(body, TEXT, session);
    }

    PollAnswer(byte[] body, String contentType, EngineSession session) {
        this.body = body;
        this.contentType = contentType;
        this.session = session;
    }

    /** From any thread: has the container dispatch the parked request again, to {@link #write} this answer. */
    void handOff(AsyncEnds.Handle parked) {
        parked.async().getRequest().setAttribute(ATTRIBUTE, this);
        parked.dispatch();
    }

    /** The answer a dispatch was made for, if this request is such a dispatch (taken from the request). */
    static PollAnswer takeHandedOff(ServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.ASYNC) return null;
        Object answer = request.getAttribute(ATTRIBUTE);
        if (answer == null) return null;
        request.removeAttribute(ATTRIBUTE);
        return (PollAnswer) answer;
    }

    /** On a container thread: starts the non-blocking write; returns at once. */
    void write(HttpServletRequest request, HttpServletResponse response, WriteDeadline deadline, AsyncEnds ends) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        if (deadline.takesAtOnce(request, body.length)) {
            // the usual case: the socket takes it at once, so this container thread writes it and the
            // container ends the request when the thread returns; no async cycle, nothing to race
            response.getOutputStream().write(body);
            return;
        }
        this.deadline = deadline;
        this.request = request;
        async = ends.start(request, deadline.timeoutMillis());
        async.async().addListener(this);
        out = response.getOutputStream();
        out.setWriteListener(this);
    }

    // ---- WriteListener ----

    @Override
    public void onWritePossible() throws IOException {
        if (done.get()) return;
        if (!written) {
            written = true;
            out.write(body);
            // hand it all to the connection now (non-blocking): what the socket did not take is then
            // in the container's write queue, where the write deadline can see it
            if (out.isReady()) out.flush();
        }
        // not ready: the container calls again once the client took enough of it
        if (out.isReady() && done.compareAndSet(false, true)) {
            // ready may only mean that the container queued it all: watch that queue
            deadline.watch(request, session, body.length);
            async.complete();
        }
    }

    @Override
    public void onError(Throwable error) {
        if (!done.compareAndSet(false, true)) return;
        // the client went away with its answer half-sent: those packets are lost, so is the session
        LOG.log(Level.DEBUG, "Session {0}: poll answer failed ({1}); closing", session.id(), error.getClass().getSimpleName());
        session.closeNow(CloseReasons.TRANSPORT_ERROR);
        completeQuietly();
    }

    // ---- AsyncListener: the write deadline ----

    @Override
    public void onTimeout(AsyncEvent event) {
        if (!done.compareAndSet(false, true)) return;
        LOG.log(Level.INFO, "Closing session {0}: the client did not take its {1}-byte poll answer within the write timeout",
                session.id(), body.length);
        session.closeNow(CloseReasons.TRANSPORT_ERROR);
        completeQuietly();
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable() == null ? new IOException("async error") : event.getThrowable());
    }

    @Override
    public void onComplete(AsyncEvent event) {
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    private void completeQuietly() {
        async.complete();
    }
}
