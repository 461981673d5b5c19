package dev.sio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * socket.io-client 2.5.0 (Engine.IO 3, Socket.IO protocol 4) against the WAR deployed with
 * {@code socketio.allow-eio3=true}, on a real Payara Micro: src/test/js/eio3/ over each transport
 * setting. A deployment of its own, so that NodeClientIT keeps the default (off), where the suite's
 * raw handshake tests check that EIO=3 is refused with 400 "Unsupported protocol version". On Payara
 * Micro 6 only for now (the default build), as NodeClientMsgpackIT: not yet run on WildFly and Payara 7.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@EnabledIf(value = "dev.sio.it.NodeClientMsgpackIT#onPayaraMicro6",
        disabledReason = "the socket.io-client 2.x suite runs on Payara Micro 6 only (the default build)")
class NodeClientEio3IT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.productWar("it", Deployments.CONFORMANCE_SETTINGS + "socketio.allow-eio3=true\n" + Deployments.authSettings());
    }

    @ArquillianResource
    URL deployed;

    @Test
    void theV2ClientSuitePassesOverWebSocketOnly() throws Exception {
        assertEquals(0, run("websocket"), "node --test eio3/ failed over WebSocket: see the output above");
    }

    @Test
    void theV2ClientSuitePassesOverLongPollingOnly() throws Exception {
        assertEquals(0, run("polling"), "node --test eio3/ failed over long-polling: see the output above");
    }

    @Test
    void theV2ClientSuitePassesWithPollingThenUpgrade() throws Exception {
        assertEquals(0, run("polling,websocket"), "node --test eio3/ failed with polling + upgrade: see the output above");
    }

    private int run(String transports) throws Exception {
        return JsSuite.run(Deployments.loopback(deployed), "eio3/", transports);
    }
}
