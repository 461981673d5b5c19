package dev.sio.engineio.polling;

import dev.sio.engineio.server.CloseReasons;
import dev.sio.engineio.server.EngineSession;
import jakarta.servlet.ServletRequest;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The write deadline of poll answers ({@code socketio.polling.write-timeout}) where the Servlet API
 * cannot see it: when the container took a whole answer into its own queue, and the socket had not
 * taken all of it when the request completed, one check at the deadline closes the connection and
 * the session if bytes are still waiting. Answers the socket took at once (the usual case) cost
 * nothing. Its one timer thread only checks and closes: it never waits on a client.
 */
final class WriteDeadline {

    private static final Logger LOG = System.getLogger(WriteDeadline.class.getName());

    static final int SOCKET_TAKES_AT_ONCE = 16 * 1024;

    private final long timeoutMillis;
    private final UnsentBytesProbe probe;
    private final ScheduledThreadPoolExecutor timer;

    WriteDeadline(long timeoutMillis, UnsentBytesProbe probe) {
        this.timeoutMillis = timeoutMillis;
        this.probe = probe;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "socketio-polling-write-deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /**
     * True when an answer this big can be written with a plain blocking write on a container thread
     * without that thread ever waiting: it fits an idle socket's send buffer, and the connection
     * holds no unsent bytes from before (its client reads). Only where the container's write queue
     * can be seen (Grizzly); elsewhere answers take the non-blocking path.
     */
    boolean takesAtOnce(ServletRequest request, int answerBytes) {
        if (answerBytes > SOCKET_TAKES_AT_ONCE) return false;
        Object connection = probe.connectionOf(request);
        return connection != null && probe.unsentBytes(connection) == 0;
    }

    /** Just before the answer's request completes: watch what the container still holds of it. */
    void watch(ServletRequest request, EngineSession session, int answerBytes) {
        // an answer this small goes whole into an idle socket's send buffer (16 KB at least on
        // Linux): nothing stays with the container, so skip the per-answer lookups
        if (answerBytes <= SOCKET_TAKES_AT_ONCE) return;
        Object connection = probe.connectionOf(request);
        if (connection == null || probe.unsentBytes(connection) == 0) return;
        try {
            timer.schedule(() -> check(connection, session, answerBytes), timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException shutDown) {
            // undeployed meanwhile: the container drops its connections itself
        }
    }

    private void check(Object connection, EngineSession session, int answerBytes) {
        long unsent = probe.unsentBytes(connection);
        if (unsent == 0) return;
        LOG.log(Level.INFO, "Closing session {0}: the client did not take its {1}-byte poll answer within the write timeout ({2} bytes unsent)",
                session.id(), answerBytes, unsent);
        probe.close(connection);
        session.closeNow(CloseReasons.TRANSPORT_ERROR);
    }

    void shutdown() {
        timer.shutdownNow();
    }
}
