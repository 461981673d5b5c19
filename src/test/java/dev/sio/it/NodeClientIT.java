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
    void theReferenceJsClientSuitePassesOverWebSocket() throws Exception {
        assertEquals(0, runSuite("websocket"), "node --test failed over WebSocket: see the output above");
    }

    private int runSuite(String transports) throws Exception {
        assertTrue(new File(JS, "node_modules").isDirectory(), "run `npm ci --prefix src/test/js` first (.ci/run does)");
        URI base = Deployments.loopback(deployed);
        ProcessBuilder node = new ProcessBuilder(List.of("node", "--test", "--test-concurrency=1", "tests/"))
                .directory(JS).inheritIO();
        node.environment().put("SIO_URL", base.toString());
        node.environment().put("SIO_TRANSPORTS", transports);
        Process process = node.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the JS suite did not finish in 10 minutes");
        }
        return process.exitValue();
    }
}
