package dev.sio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The socket.io-client 4.8 suite again, with socket.io-msgpack-parser 3.0.2 on both sides: the WAR
 * deployed with {@code socketio.parser=msgpack} on a real Payara Micro, the clients with the npm
 * parser (SIO_PARSER=msgpack), over polling then upgrade (so both the binary WebSocket frames and the
 * b&lt;base64&gt; polling parts are used). Tests of the default parser's text frames are skipped there;
 * tests/raw-msgpack.test.mjs covers the msgpack wire by hand. The parser sits above the transports,
 * so this runs on Payara Micro 6 only (the default build), to keep CI short.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@EnabledIf(value = "onPayaraMicro6", disabledReason = "the msgpack suite runs on Payara Micro 6 only (the default build)")
class NodeClientMsgpackIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.productWar("it", Deployments.CONFORMANCE_SETTINGS + "socketio.parser=msgpack\n" + Deployments.authSettings());
    }

    @ArquillianResource
    URL deployed;

    /** Evaluated before Arquillian deploys: the other servers never boot for this class. */
    static boolean onPayaraMicro6() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (name.startsWith("payara-micro-") && name.endsWith(".jar")) return name.startsWith("payara-micro-6.");
        }
        return false;
    }

    @Test
    void theReferenceJsClientSuitePassesWithTheMsgpackParserOverPollingThenUpgrade() throws Exception {
        assertEquals(0, JsSuite.run(Deployments.loopback(deployed), "tests/", "polling,websocket", "msgpack"),
                "node --test failed with the msgpack parser: see the output above");
    }
}
