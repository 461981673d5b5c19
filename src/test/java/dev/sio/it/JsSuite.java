package dev.sio.it;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs node's test runner on a folder of src/test/js (the socket.io-client suite in tests/, the
 * browser test in browser/) against a deployed test WAR: NodeClientIT on the Arquillian-managed
 * server, PayaraServerIT on a Payara Server domain.
 */
final class JsSuite {

    private static final File JS = new File("src/test/js");

    /** How many "not ok" and error lines of the report a failure message quotes. */
    private static final int MAX_FAILURE_LINES = 12;

    private JsSuite() {
    }

    /** The suite (tests/) with the given socket.io-client transports; fails naming the tests that failed. */
    static void assertPasses(URI base, String transports, String context) throws Exception {
        assertPasses(base, "tests/", transports, "default", context);
    }

    static void assertPasses(URI base, String folder, String transports, String context) throws Exception {
        assertPasses(base, folder, transports, "default", context);
    }

    /**
     * Runs the folder and fails unless node's test runner exits with 0. The failure names the
     * subtests that failed and their first error lines: CI shows a failed test's message, not always
     * the build log around it, and a failure seen once must say what it was.
     *
     * @param parser  the wire format the deployment speaks ({@code socketio.parser}), the clients then use it too
     * @param context what ran where, and where else to look (a server log), for the failure message
     */
    static void assertPasses(URI base, String folder, String transports, String parser, String context) throws Exception {
        assertTrue(new File(JS, "node_modules").isDirectory(), "run `npm ci --prefix src/test/js` first (.ci/run does)");
        // the child writes to a file: raw output on the forked JVM's stdout would corrupt failsafe's stream
        File buildDir = new File(System.getProperty("sio.build.dir", "target")).getAbsoluteFile();
        String label = (folder.equals("tests/") ? "suite-" : folder.replace('/', '-')) + transports.replace(',', '-')
                + (parser.equals("default") ? "" : "-" + parser);
        File tap = new File(buildDir, "js-" + label + ".tap");
        ProcessBuilder node = new ProcessBuilder(List.of("node", "--test", "--test-concurrency=1", "--test-reporter=tap", folder))
                .directory(JS).redirectErrorStream(true).redirectOutput(tap);
        node.environment().put("SIO_URL", base.toString());
        node.environment().put("SIO_TRANSPORTS", transports);
        node.environment().put("SIO_PARSER", parser);
        node.environment().put("SIO_BUILD_DIR", buildDir.getPath()); // where the browser test leaves its screenshot
        // the private half of the deployment's verification key, for the suite to mint tokens with
        node.environment().putAll(Deployments.jsEnvironment());
        Process process = node.start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished) process.destroyForcibly();
        // echo the TAP report so that failures and the closing "# pass N / # fail N" lines show in the build log
        List<String> lines = Files.readAllLines(tap.toPath());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("not ok") || line.startsWith("# ") || line.contains("error:") || line.contains("expected")) {
                System.out.println("[js:" + label + "] " + line);
            }
            String trimmed = line.strip();
            // a multi-line error is written "error: |-" with the message on the next line
            if (trimmed.startsWith("error: |") && i + 1 < lines.size()) trimmed = "error: " + lines.get(i + 1).strip();
            if ((trimmed.startsWith("not ok") || trimmed.startsWith("error:")) && failures.size() < MAX_FAILURE_LINES) {
                failures.add(trimmed.length() > 300 ? trimmed.substring(0, 300) + "..." : trimmed);
            }
        }
        if (!finished) throw new AssertionError("node --test " + folder + " (" + transports + ") did not finish in 10 minutes; " + context);
        int exit = process.exitValue();
        if (exit != 0) {
            throw new AssertionError("node --test " + folder + " (" + transports + ", parser " + parser + ") failed, exit " + exit
                    + ": " + String.join(" | ", failures) + "; report " + tap + "; " + context);
        }
    }
}
