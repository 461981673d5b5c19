package dev.sio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

import org.json.JSONObject;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static dev.sio.it.JavaClients.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * socket.io-client 2.5.0 (Engine.IO 3, Socket.IO protocol 4) against the WAR deployed with
 * {@code socketio.allow-eio3=true}, on a real Payara Micro: src/test/js/eio3/ over each transport
 * setting. A deployment of its own, so that NodeClientIT keeps the default (off), where the suite's
 * raw handshake tests check that EIO=3 is refused with 400 "Unsupported protocol version". On Payara
 * Micro 6 only for now (the default build), as NodeClientMsgpackIT: not yet run on WildFly and Payara 7.
 *
 * <p>The same deployment serves the stock Java client 1.x (io.socket:socket.io-client 1.0.2, what old
 * Android apps ship), run in a JVM of its own by {@link LegacyJavaClientRun}: the chat over WebSocket,
 * polling, and polling with upgrade.
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
        run("websocket");
    }

    @Test
    void theV2ClientSuitePassesOverLongPollingOnly() throws Exception {
        run("polling");
    }

    @Test
    void theV2ClientSuitePassesWithPollingThenUpgrade() throws Exception {
        run("polling,websocket");
    }

    @Test
    void theJavaClient1xWorksOverWebSocketOnly() throws Exception {
        javaClient1x("websocket");
    }

    @Test
    void theJavaClient1xWorksOverLongPollingOnly() throws Exception {
        javaClient1x("polling");
    }

    @Test
    void theJavaClient1xWorksWithPollingThenUpgrade() throws Exception {
        javaClient1x("polling,websocket");
    }

    /** See src/test/java-legacy/LegacyJavaClient.java for the steps whose events are checked here. */
    private void javaClient1x(String transports) throws Exception {
        check(LegacyJavaClientRun.run(Deployments.loopback(deployed), transports, MAX_PAYLOAD), transports);
    }

    static void check(LegacyJavaClientRun.Result run, String transports) {
        String output = "\n--- the Java client 1.x printed:\n" + run.output();
        assertEquals(0, run.exitCode(), "the Java client 1.x ended with an error" + output);
        assertTrue(run.lines().stream().anyMatch(line -> "done".equals(line.optString("event"))), "the Java client 1.x did not finish its steps" + output);
        Map<String, String> users = LegacyJavaClientRun.USERS;
        String first = transports.split(",")[0];

        // connected to /chat with the token in the query, on Engine.IO 3, over the transport asked for
        for (String client : List.of("alice", "bob", "carol", "dave")) {
            JSONObject connected = single(run, client, "connected");
            assertEquals("3", connected.optString("EIO"), client + " speaks Engine.IO 3" + output);
            // the transports the client created, in order (the probe's WebSocket included)
            List<String> created = run.of(client, "transport").stream().map(line -> line.optString("name")).toList();
            assertEquals(first, created.get(0), client + " opened with " + first + output);
            if (!transports.contains(",")) {
                assertEquals(first, connected.optString("transport"), client + output);
                assertTrue(created.stream().allMatch(first::equals), client + " used " + first + " only" + output);
            }
        }
        if (transports.contains(",")) {
            for (String client : List.of("alice", "bob", "carol")) {
                assertEquals("websocket", single(run, client, "upgraded").optString("transport"), client + " upgraded" + output);
            }
        }

        // a broadcast reaches the second client, the sender's acknowledgement answered
        List<JSONObject> acks = run.of("alice", "ack");
        assertEquals(List.of(Map.of("ok", true)), plain(acks.get(0).opt("args")), "alice's message acknowledged" + output);
        assertTrue(run.of("bob", "message").stream().anyMatch(line ->
                        plain(line.opt("args")).equals(List.of(Map.of("text", "hello from the Java client 1.x")))),
                "bob got alice's broadcast" + output);

        // rooms: both joins acknowledged, the room message at bob as message {id, ts, room, user, message}
        assertEquals("joinRoom", acks.get(1).optString("of"), output);
        assertEquals(List.of(Map.of("ok", true)), plain(acks.get(1).opt("args")), output);
        JSONObject bobJoined = single(run, "bob", "ack");
        assertEquals(List.of(Map.of("ok", true)), plain(bobJoined.opt("args")), "bob's joinRoom acknowledged" + output);
        assertEquals("roomMessage", acks.get(2).optString("of"), output);
        Object answer = ((List<?>) plain(acks.get(2).opt("args"))).get(0);
        assertTrue(JavaClients.acceptedRoomMessage(answer), "roomMessage answered {ok: true, id}: " + answer + output);
        String id = (String) ((Map<?, ?>) answer).get("id");
        List<Object> atBob = run.of("bob", "message").stream()
                .map(line -> ((List<?>) plain(line.opt("args"))).get(0))
                .filter(message -> message instanceof Map<?, ?> map && id.equals(map.get("id")))
                .map(JavaClients::unstamped).map(Object.class::cast).toList();
        String room = (String) ((Map<?, ?>) atBob.get(0)).get("room");
        assertTrue(room != null && room.startsWith("java-v1-room-"), output);
        assertEquals(List.of(Map.of("room", room, "message", "only for the room",
                        "user", Map.of("id", users.get("alice"), "name", users.get("alice")))), atBob,
                "the room message at bob, once" + output);
        assertFalse(run.of("carol", "message").stream().anyMatch(line -> line.toString().contains(room)),
                "carol is not in the room (she got the broadcast sent after the room message)" + output);

        // refusals: an error event with the reason, not a connect and not a hang
        List<JSONObject> badToken = run.of("mallory", "error");
        assertEquals(1, badToken.size(), output);
        assertTrue(badToken.get(0).optJSONArray("args").optString(0).startsWith("invalid token"), output);
        assertFalse(single(run, "mallory", "connected?").optBoolean("connected", true), output);
        assertEquals(List.of("missing token"), plain(single(run, "nobody", "error").opt("args")), output);
        assertFalse(single(run, "nobody", "connected?").optBoolean("connected", true), output);

        // reconnection after the server closed the transport: a new socket that works. Over WebSocket
        // the 1.x client notices the server's close frame only by its own ping timeout (its OkHttp
        // listener does not handle onClosing), as against Node's socket.io 4.8
        String reason = single(run, "dave", "disconnect").optJSONArray("args").optString(0);
        assertTrue(List.of("transport close", "transport error", "ping timeout").contains(reason),
                "dave's transport closed: " + reason + output);
        JSONObject reconnected = single(run, "dave", "reconnected");
        assertNotEquals(single(run, "dave", "connected").optString("id"), reconnected.optString("id"), "a new session" + output);
        assertEquals(List.of(Map.of("ok", true)), plain(single(run, "dave", "ack").opt("args")), "dave's message after the reconnect" + output);
    }

    /** The only line of a client and event. */
    private static JSONObject single(LegacyJavaClientRun.Result run, String client, String event) {
        List<JSONObject> lines = run.of(client, event);
        assertEquals(1, lines.size(), "one '" + event + "' of " + client + ", got " + lines + "\n--- output:\n" + run.output());
        return lines.get(0);
    }

    /** socketio.max-http-buffer-size of Deployments.CONFORMANCE_SETTINGS: a larger message closes the transport. */
    private static final int MAX_PAYLOAD = Deployments.CONFORMANCE_SETTINGS.lines()
            .filter(line -> line.startsWith("socketio.max-http-buffer-size="))
            .map(line -> Integer.parseInt(line.substring(line.indexOf('=') + 1).trim()))
            .findFirst().orElseThrow();

    private void run(String transports) throws Exception {
        JsSuite.assertPasses(Deployments.loopback(deployed), "eio3/", transports, "the socket.io-client 2.x suite");
    }
}
