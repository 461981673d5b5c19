package dev.sio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs the socket.io-client 4.8 suite (src/test/js, node's test runner) against the WAR on a real
 * Payara Micro. The same suite passes against the Node reference server (npm run test:reference).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NodeClientIT {

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
        return JsSuite.run(Deployments.loopback(deployed), transports);
    }

    private int runSuite(String folder, String transports) throws Exception {
        return JsSuite.run(Deployments.loopback(deployed), folder, transports);
    }
}
