package dev.sio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the socket.io-client 4.8 suite (src/test/js, node's test runner) against the WAR on a real
 * Payara Micro. The same suite passes against the Node reference server (npm run test:reference).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NodeClientIT {

    private static final File JS = new File("src/test/js");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.productWar("it");
    }

    @ArquillianResource
    URL deployed;

    @Test
    void theReferenceJsClientSuitePassesOverWebSocketOnly() throws Exception {
        assertEquals(0, runSuite("websocket"), "node --test failed over WebSocket: see the output above");
    }

    @Test
    void theReferenceJsClientSuitePassesOverLongPollingOnly() throws Exception {
        assertEquals(0, runSuite("polling"), "node --test failed over long-polling: see the output above");
    }

    @Test
    void theReferenceJsClientSuitePassesWithTheDefaultPollingThenUpgrade() throws Exception {
        assertEquals(0, runSuite("polling,websocket"), "node --test failed with polling + upgrade: see the output above");
    }

    /** The chat page (src/main/webapp) in Debian's headless Chromium, next to a Node client: src/test/js/browser/. */
    @Test
    void theChatPageWorksInHeadlessChromium() throws Exception {
        assertEquals(0, runSuite("browser/", "websocket"), "the chat page failed in headless Chromium: see the output above");
    }

    private int runSuite(String transports) throws Exception {
        return runSuite("tests/", transports);
    }

    /** Runs node's test runner on a folder of src/test/js: the suite (tests/) or the browser test (browser/). */
    private int runSuite(String folder, String transports) throws Exception {
        assertTrue(new File(JS, "node_modules").isDirectory(), "run `npm ci --prefix src/test/js` first (.ci/run does)");
        URI base = Deployments.loopback(deployed);
        // the child writes to a file: raw output on the forked JVM's stdout would corrupt failsafe's stream
        File buildDir = new File(System.getProperty("sio.build.dir", "target")).getAbsoluteFile();
        String label = (folder.equals("tests/") ? "suite-" : folder.replace('/', '-')) + transports.replace(',', '-');
        File tap = new File(buildDir, "js-" + label + ".tap");
        ProcessBuilder node = new ProcessBuilder(List.of("node", "--test", "--test-concurrency=1", "--test-reporter=tap", folder))
                .directory(JS).redirectErrorStream(true).redirectOutput(tap);
        node.environment().put("SIO_URL", base.toString());
        node.environment().put("SIO_TRANSPORTS", transports);
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
