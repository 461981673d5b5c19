package dev.sio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.sio.socketio.protocol.msgpack.MsgpackWriter;
import jakarta.json.Json;
import jakarta.json.JsonReader;

import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        URI base = Deployments.loopback(deployed);
        try {
            firstPollingSession(base);
        } catch (Exception | AssertionError e) {
            // only a warm-up: the suite below is the test (a poll left unanswered here was seen once in
            // five runs, the issue tools/polling-stress.mjs hunts on main; it is not the parser's)
            System.out.println("[NodeClientMsgpackIT] warm-up session: " + e);
        }
        JsSuite.assertPasses(base, "tests/", "polling,websocket", "msgpack", "the msgpack parser on the Arquillian server");
    }

    /**
     * One polling session joins /test before the suite starts. On a cold server (twice in four runs
     * under load 5-14) the first session's CONNECT took so long that the client's pong, queued behind
     * it, missed the conformance heartbeat (300 + 200 ms): the suite's first test then failed with "xhr
     * post error". NodeClientIT's first suite runs over WebSocket, whose connections do not queue pongs
     * behind a POST. Best effort, with short deadlines: its outcome is printed, not asserted.
     */
    private static void firstPollingSession(URI base) throws Exception {
        // HTTP/1.1: the JDK client would otherwise offer an h2c upgrade and may hold the POST body back
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(20)).build();
        URI handshake = base.resolve("socket.io/?EIO=4&transport=polling");
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(handshake).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, open.statusCode(), open.body());
        String sid;
        try (JsonReader reader = Json.createReader(new StringReader(open.body().substring(1)))) {
            sid = reader.readObject().getString("sid");
        }
        URI session = base.resolve("socket.io/?EIO=4&transport=polling&sid=" + sid);
        byte[] connect = new MsgpackWriter().write(Map.of("type", 0L, "nsp", "/test"));
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(session).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("b" + Base64.getEncoder().encodeToString(connect))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, posted.statusCode(), posted.body());
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(session).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        // the payload may hold a ping ("2") before the answer: packets are separated by \x1e
        assertTrue(java.util.Arrays.stream(answer.body().split("\u001e")).anyMatch(part -> part.startsWith("b")),
                "the CONNECT answer, a msgpack packet (b<base64>): " + answer.body());
    }
}
