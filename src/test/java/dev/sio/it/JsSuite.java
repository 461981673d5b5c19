package dev.sio.it;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
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

    private JsSuite() {
    }

    /** The suite (tests/) with the given socket.io-client transports; returns node's exit code. */
    static int run(URI base, String transports) throws Exception {
        return run(base, "tests/", transports);
    }

    static int run(URI base, String folder, String transports) throws Exception {
        return run(base, folder, transports, "default");
    }

    /** @param parser the wire format the deployment speaks ({@code socketio.parser}), the clients then use it too */
    static int run(URI base, String folder, String transports, String parser) throws Exception {
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
        for (String line : Files.readAllLines(tap.toPath())) {
            if (line.startsWith("not ok") || line.startsWith("# ") || line.contains("error:") || line.contains("expected")) {
                System.out.println("[js:" + label + "] " + line);
            }
        }
        if (!finished) throw new AssertionError("the JS suite did not finish in 10 minutes");
        return process.exitValue();
    }
}
