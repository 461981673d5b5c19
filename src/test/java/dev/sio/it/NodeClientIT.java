package dev.sio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;


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
        runSuite("websocket", "over WebSocket");
    }

    @Test
    void theReferenceJsClientSuitePassesOverLongPollingOnly() throws Exception {
        runSuite("polling", "over long-polling");
    }

    @Test
    void theReferenceJsClientSuitePassesWithTheDefaultPollingThenUpgrade() throws Exception {
        runSuite("polling,websocket", "with polling + upgrade");
    }

    /** The chat page (src/main/webapp) in Debian's headless Chromium, next to a Node client: src/test/js/browser/. */
    @Test
    void theChatPageWorksInHeadlessChromium() throws Exception {
        JsSuite.assertPasses(Deployments.loopback(deployed), "browser/", "websocket", "the chat page in headless Chromium");
    }

    private void runSuite(String transports, String context) throws Exception {
        JsSuite.assertPasses(Deployments.loopback(deployed), transports, context);
    }
}
