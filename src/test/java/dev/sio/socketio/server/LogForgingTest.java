package dev.sio.socketio.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a hostile client can make the server log: no forged lines, no huge lines, no flood. The
 * server's loggers are captured through java.util.logging, where System.Logger writes by default.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LogForgingTest {

    private static final Logger ROOT = Logger.getLogger("dev.sio");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Level> levels = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private Level previousLevel;
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) return;
            // the whole line as a file handler would write it, stack trace included
            lines.add(formatter.format(record));
            levels.add(record.getLevel());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        previousLevel = ROOT.getLevel();
        ROOT.setLevel(Level.INFO);
        capture.setLevel(Level.INFO);
        ROOT.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        ROOT.removeHandler(capture);
        ROOT.setLevel(previousLevel);
    }

    @Test
    void a_namespace_with_cr_lf_produces_no_forged_line() {
        SioHarness harness = new SioHarness();
        SioHarness.TestClient client = harness.open();

        client.send("2/x\r\n[SEVERE] dev.sio.Forged: the server was hacked,[\"a\"]");

        assertFalse(client.isOpen(), "an event for a namespace it has not joined closes the connection");
        assertFalse(lines.isEmpty(), "the protocol error is logged");
        for (String line : lines) {
            // one record is one line: the formatter's own header line, then the message line
            String message = line.substring(line.indexOf('\n') + 1).stripTrailing();
            assertFalse(message.contains("\n") || message.contains("\r"), "a forged line: " + line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("/x\\u000d\\u000a[SEVERE]")), String.valueOf(lines));
    }

    @Test
    void a_900_kb_namespace_yields_a_capped_line() {
        SioHarness harness = new SioHarness();
        SioHarness.TestClient client = harness.open();

        client.send("2/" + "n".repeat(900_000) + ",[\"a\"]");

        assertFalse(client.isOpen());
        assertFalse(lines.isEmpty(), "the protocol error is logged");
        for (String line : lines) assertTrue(line.length() < 1_000, "a line of " + line.length() + " chars");
    }

    @Test
    void a_thousand_bad_frames_yield_a_few_lines_and_are_all_counted() {
        SioHarness harness = new SioHarness();
        for (int i = 0; i < 1000; i++) {
            SioHarness.TestClient client = harness.open();
            client.send(i % 2 == 0 ? "9garbage" : "2/nowhere,[\"a\"]");
            assertFalse(client.isOpen());
        }

        assertTrue(lines.size() <= 2, lines.size() + " lines at INFO or above: " + lines.stream().limit(5).toList());
        assertEquals(1000, harness.engine.protocolErrors().total());
    }

    @Test
    void a_handler_exception_carrying_client_input_is_logged_escaped_with_its_stack() {
        SioHarness harness = new SioHarness();
        harness.io.of("/").on("boom", (socket, args, ack) -> {
            throw new IllegalArgumentException("bad value " + args.get(0, String.class));
        });
        SioHarness.TestClient client = harness.connect("/");

        client.send("2[\"boom\",\"1\\r\\n[SEVERE] forged\"]");

        assertTrue(client.isOpen(), "a failing handler does not end the connection");
        assertEquals(1, lines.size(), String.valueOf(lines));
        String line = lines.get(0);
        assertTrue(line.contains("java.lang.IllegalArgumentException: bad value 1\\u000d\\u000a[SEVERE] forged"), line);
        assertTrue(line.contains("\tat "), "the stack trace is kept: " + line);
        assertFalse(line.contains("\n[SEVERE]") || line.contains("\r\n[SEVERE]"), line);
    }
}
