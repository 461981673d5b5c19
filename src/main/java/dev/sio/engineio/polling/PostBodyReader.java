package dev.sio.engineio.polling;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads one polling POST body without a thread ever waiting for it. A body that arrived with its
 * headers (the usual case: a few hundred bytes) is already in the container's buffer and is taken
 * at once. Otherwise it is read with Servlet non-blocking I/O, so that a client trickling its body
 * holds no thread: the container calls back as bytes arrive. The size limit is checked as they
 * arrive (413 at once when exceeded) and the whole body must arrive within a deadline (408 after
 * it). Exactly one of {@link Outcome#bodyRead} and {@link Outcome#failed} is called, once.
 *
 * <p>The answer to a body read asynchronously is written in an async dispatch of the request, on a
 * container thread, never from the read callback's thread: on Payara, completing the request from
 * that thread while the thread that started reading was still inside the container recycled the
 * request under it ("Internal Response has not been set"), and the recycled objects later broke
 * unrelated connections.
 */
final class PostBodyReader implements ReadListener, AsyncListener {

    private static final String ATTRIBUTE = PostBodyReader.class.getName();

    /** What becomes of the body; both run on a container thread and must not block on the client. */
    interface Outcome {
        /**
         * The whole body arrived; called inside a service call of the request, which ends when this
         * returns: answer with a few bytes on {@code response} (they fit in the socket's buffer).
         */
        void bodyRead(HttpServletResponse response, byte[] body);

        /** The body will not arrive whole; the client was answered if it still listens. {@code why} is log-safe. */
        void failed(String why);
    }

    private final AsyncEnds.Handle async;
    private final ServletInputStream in;
    private final int maxBytes;
    private final long declaredLength;
    private final Outcome outcome;
    private final ByteArrayOutputStream body;
    private final byte[] chunk = new byte[8192];
    private final AtomicBoolean finished = new AtomicBoolean();
    /** What the dispatch writes: null for the body, else the refusal (status and JSON). */
    private volatile int refusalStatus;
    private volatile String refusalJson;

    private PostBodyReader(AsyncEnds.Handle async, ServletInputStream in, int maxBytes, long declaredLength, Outcome outcome) {
        this.async = async;
        this.in = in;
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
        this.outcome = outcome;
        this.body = new ByteArrayOutputStream((int) Math.min(Math.max(declaredLength, 64), Math.min(maxBytes, 65_536)));
    }

    /** Takes the body now if it is all here, else starts reading it; returns at once either way. */
    static void read(HttpServletRequest request, HttpServletResponse response, int maxBytes, long timeoutMillis,
                     AsyncEnds ends, Outcome outcome) throws IOException {
        long declared = request.getContentLengthLong();
        ServletInputStream in = request.getInputStream();
        if (declared >= 0 && declared <= maxBytes && in.available() >= declared) {
            // every byte is buffered already: reading it cannot wait on the client
            outcome.bodyRead(response, in.readNBytes((int) declared));
            return;
        }
        AsyncEnds.Handle async = ends.start(request, timeoutMillis);
        PostBodyReader reader = new PostBodyReader(async, in, maxBytes, declared, outcome);
        async.async().addListener(reader);
        in.setReadListener(reader);
    }

    /**
     * When this request is the dispatch of a body read asynchronously: answers it (on this container
     * thread) and returns true.
     */
    static boolean answerDispatched(HttpServletRequest request, HttpServletResponse response) {
        if (request.getDispatcherType() != DispatcherType.ASYNC) return false;
        Object reader = request.getAttribute(ATTRIBUTE);
        if (reader == null) return false;
        request.removeAttribute(ATTRIBUTE);
        ((PostBodyReader) reader).answer(response);
        return true;
    }

    private void answer(HttpServletResponse response) {
        // Payara does not always read the next request on a connection whose body was read with a
        // ReadListener: the client's next poll on it reached no servlet and no thread, and waited
        // forever (PollingTransportIT, about one run in three; every thread idle, the poll's session
        // log ending at the POST). So the client opens a new connection for its next request: a
        // connect on the rare POST whose body did not arrive with its headers.
        response.setHeader("Connection", "close");
        if (refusalJson == null) {
            outcome.bodyRead(response, body.toByteArray());
            return;
        }
        try {
            response.setStatus(refusalStatus);
            response.setContentType("application/json");
            // (and the rest of the body will not be read: the connection cannot carry another request)
            byte[] bytes = refusalJson.getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            // a few dozen bytes: they fit in the socket's send buffer, so this never waits on the client
            response.getOutputStream().write(bytes);
        } catch (IOException | RuntimeException e) {
            // the client is gone: nothing to tell it
        }
    }

    /** Hands the answer to a container thread (see the class comment). */
    private void dispatchAnswer() {
        try {
            async.async().getRequest().setAttribute(ATTRIBUTE, this);
        } catch (RuntimeException e) {
            // the request is gone (the client left, the container gave up on it): nobody to answer
            return;
        }
        async.dispatch();
    }

    // ---- ReadListener ----

    @Override
    public void onDataAvailable() throws IOException {
        while (!finished.get() && in.isReady()) {
            int n = in.read(chunk);
            if (n < 0) return; // onAllDataRead follows
            if (body.size() + n > maxBytes) {
                fail(413, "{\"code\":3,\"message\":\"Payload too large\"}",
                        "POST body over the " + maxBytes + "-byte limit");
                return;
            }
            body.write(chunk, 0, n);
        }
    }

    @Override
    public void onAllDataRead() {
        if (finished.compareAndSet(false, true)) dispatchAnswer();
    }

    @Override
    public void onError(Throwable error) {
        // the client went away mid-body (or the container gave up on it): nobody to answer
        if (finished.compareAndSet(false, true)) {
            outcome.failed("POST body aborted after " + progress() + " (" + error.getClass().getSimpleName() + ")");
            completeQuietly();
        }
    }

    // ---- AsyncListener: the deadline ----

    @Override
    public void onTimeout(AsyncEvent event) {
        fail(408, "{\"code\":3,\"message\":\"Request body timed out\"}", "POST body timed out after " + progress());
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

    private void fail(int status, String json, String why) {
        if (!finished.compareAndSet(false, true)) return;
        refusalStatus = status;
        refusalJson = json;
        outcome.failed(why);
        dispatchAnswer();
    }

    private String progress() {
        return body.size() + (declaredLength >= 0 ? " of " + declaredLength : "") + " bytes";
    }

    private void completeQuietly() {
        async.complete();
    }
}
