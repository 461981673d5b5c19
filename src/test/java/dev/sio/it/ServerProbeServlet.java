package dev.sio.it;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Test-only servlet deployed by {@link PollingTransportIT}: lets a test see inside the server JVM.
 * It keeps the server's log records from deployment on (through a java.util.logging handler on the
 * root logger, where Payara's and Weld's loggers end up) and reports on the threads.
 * <ul>
 * <li>{@code GET /it-probe/log-count?text=T} — records whose message contains T</li>
 * <li>{@code GET /it-probe/log-lines?text=T} — those records, one per line (for failure messages)</li>
 * <li>{@code GET /it-probe/thrown-count} — records carrying a stack trace</li>
 * <li>{@code GET /it-probe/waiting-threads} — the number of threads waiting (parked, sleeping or in Object.wait)
 *     with a frame of the polling transport ({@code dev.sio.engineio.polling}) on their stack, then
 *     each one's name and top frames</li>
 * <li>{@code GET /it-probe/project-threads} — every thread with a frame of this project on its stack
 *     (any state), with its top frames: what the server was doing when a test gave up waiting</li>
 * </ul>
 */
@WebServlet(urlPatterns = "/it-probe/*", loadOnStartup = 1)
public class ServerProbeServlet extends HttpServlet {

    private static final int KEPT = 20_000;

    private final Deque<Line> lines = new ArrayDeque<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            String raw = record.getMessage() == null ? "" : record.getMessage();
            String formatted;
            try {
                formatted = formatter.formatMessage(record);
            } catch (RuntimeException e) {
                formatted = raw;
            }
            Line line = new Line(record.getLevel(), record.getLoggerName(), raw + " | " + formatted, record.getThrown() != null);
            synchronized (lines) {
                if (lines.size() == KEPT) lines.removeFirst();
                lines.addLast(line);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private record Line(Level level, String logger, String text, boolean thrown) {
    }

    @Override
    public void init() {
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
    }

    @Override
    public void destroy() {
        Logger.getLogger("").removeHandler(handler);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String what = request.getPathInfo() == null ? "" : request.getPathInfo();
        String text = request.getParameter("text") == null ? "" : request.getParameter("text");
        response.setContentType("text/plain; charset=UTF-8");
        StringBuilder answer = new StringBuilder();
        if (what.equals("/project-threads")) {
            response.getWriter().write(projectThreads());
            return;
        }
        if (what.equals("/waiting-threads")) {
            // outside the lock: a thread logging meanwhile would wait for it and be counted
            response.getWriter().write(waitingPollingThreads());
            return;
        }
        synchronized (lines) {
            switch (what) {
                case "/log-count" -> answer.append(lines.stream().filter(l -> l.text().contains(text)).count());
                case "/log-lines" -> lines.stream().filter(l -> l.text().contains(text))
                        .forEach(l -> answer.append(l.level()).append(' ').append(l.logger()).append(": ")
                                .append(l.text().replace('\n', ' ')).append(l.thrown() ? " [stack trace]" : "").append('\n'));
                case "/thrown-count" -> answer.append(lines.stream().filter(Line::thrown).count());
                case "/thrown-lines" -> lines.stream().filter(Line::thrown)
                        .forEach(l -> answer.append(l.level()).append(' ').append(l.logger()).append(": ")
                                .append(l.text().replace('\n', ' ')).append('\n'));
                default -> {
                    response.sendError(404);
                    return;
                }
            }
        }
        response.getWriter().write(answer.toString());
    }

    private static boolean isWait(StackTraceElement top) {
        String method = top.getMethodName();
        return method.equals("park") || method.equals("parkNanos") || method.startsWith("wait") || method.equals("sleep")
                || method.startsWith("sleep");
    }

    /** One line per thread that runs or waits in this project's code, with its state and top frames. */
    private static String projectThreads() {
        StringBuilder which = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = entry.getValue();
            boolean ours = false;
            for (StackTraceElement frame : stack) ours |= frame.getClassName().startsWith("dev.sio.");
            if (!ours && !entry.getKey().getName().startsWith("socketio")) continue;
            which.append(entry.getKey().getName()).append(' ').append(entry.getKey().getState()).append(':');
            for (int i = 0; i < Math.min(16, stack.length); i++) which.append(' ').append(stack[i]);
            which.append('\n');
        }
        return which.toString();
    }

    /** "N" and, when N > 0, each such thread's name and top frames. */
    private static String waitingPollingThreads() {
        long count = 0;
        StringBuilder which = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            Thread.State state = entry.getKey().getState();
            if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) continue;
            StackTraceElement[] stack = entry.getValue();
            // the state and the stack are not one snapshot: count only stacks that end in a wait
            if (stack.length == 0 || !isWait(stack[0])) continue;
            for (StackTraceElement frame : stack) {
                if (frame.getClassName().startsWith("dev.sio.engineio.polling.")) {
                    count++;
                    which.append(" | ").append(entry.getKey().getName()).append(' ').append(state).append(':');
                    for (int i = 0; i < Math.min(12, stack.length); i++) which.append(' ').append(stack[i]);
                    break;
                }
            }
        }
        return count + which.toString();
    }
}
