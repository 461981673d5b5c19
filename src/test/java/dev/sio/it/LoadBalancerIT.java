package dev.sio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 11, item 7: Debian's nginx ({@link NginxBalancer}) in front of a two-node cluster on the
 * local Redis (classic mode, a key prefix of its own): our Payara Micro with the WAR and one Node
 * socket.io 4.8.4 node with @socket.io/redis-adapter 8.3 ({@link NodeClusterNode}, serving the same
 * path), rather than two Payara Micro processes, which would double the heaviest part on a shared
 * 2-core machine; the balancer sees two HTTP nodes either way. Stock socket.io-client 4.8.4
 * clients (src/test/js/cluster/lb-clients.mjs) connect through it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LoadBalancerIT {

    static final String PREFIX = MixedClusterTests.newPrefix("lb");
    private static final int CLIENTS = 6;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.productWar("cluster-lb",
                        Deployments.CONFORMANCE_SETTINGS + Deployments.authSettings()
                                + MixedClusterTests.clusterSettings("redis", PREFIX))
                .addClass(ClusterTestGateway.class);
    }

    @ArquillianResource
    URL deployed;

    private static NodeClusterNode node;
    private static NginxBalancer nginx;

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) nginx.close();
        if (node != null) node.close();
    }

    /** Our deployment's Engine.IO path, which the Node node serves too. */
    private String path() {
        String base = Deployments.loopback(deployed).getPath();
        return (base.endsWith("/") ? base : base + "/") + "socket.io/";
    }

    private NginxBalancer nginx() throws Exception {
        if (node == null) node = NodeClusterNode.start("classic", PREFIX, path());
        if (nginx == null) {
            nginx = NginxBalancer.start("127.0.0.1:" + deployed.getPort(), "127.0.0.1:" + node.port());
        }
        return nginx;
    }

    @Test
    void pollingOnlyClientsLandOnBothNodesAndRoomMessagesCrossThem() throws Exception {
        JSONObject result = clients(nginx().stickyPort(), "polling");
        assertSpreadAndDelivered(result);
        assertEquals(List.of("polling"), distinct(result.getJSONArray("transports")));
    }

    @Test
    void defaultTransportClientsUpgradeThroughTheBalancerOnBothNodes() throws Exception {
        JSONObject result = clients(nginx().stickyPort(), "default");
        assertSpreadAndDelivered(result);
        assertEquals(List.of("websocket"), distinct(result.getJSONArray("transports")));
    }

    /** Without stickiness the request after the handshake reaches the other node, which does not know the session. */
    @Test
    void withoutStickinessThePollAfterTheHandshakeGetsSessionIdUnknown() throws Exception {
        String origin = "http://127.0.0.1:" + nginx().plainPort() + path();
        // HTTP/1.1: the default h2c upgrade attempt went through nginx (which passes Upgrade on) to Undertow,
        // which took it: the connection became a tunnel to one node, and every request on it reached that node
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        // round robin over two nodes: a poll after its handshake soon lands on the node that did not
        // answer the handshake (not always the very next request: nginx keeps one rotation per worker,
        // and the other tests' requests take turns too)
        List<String> sameNode = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 10; attempt++) {
            HttpResponse<String> handshake = get(http, origin + "?EIO=4&transport=polling");
            assertEquals(200, handshake.statusCode(), handshake.body());
            String body = handshake.body();
            String sid = new JSONObject(body.substring(body.indexOf('{'))).getString("sid");
            HttpResponse<String> poll = get(http, origin + "?EIO=4&transport=polling&sid=" + sid);
            if (poll.statusCode() == 200) {
                sameNode.add(poll.body()); // the node that knows the session answered
                continue;
            }
            assertEquals(400, poll.statusCode(), poll.body());
            // ours answers {"code":1,"message":"Session ID unknown"}; Node 4.8.4's polling path the bare text
            assertTrue(poll.body().contains("Session ID unknown"), poll.body());
            return;
        }
        fail("10 polls after their handshakes all reached the node that knew the session: " + sameNode);
    }

    @Test
    void withoutStickinessAStockPollingClientCannotConnect() throws Exception {
        JSONObject result = clients(nginx().plainPort(), "polling");
        assertEquals(false, result.getBoolean("ok"), result.toString());
        assertTrue(result.getString("error").startsWith("connect_error"), result.toString());
    }

    private static void assertSpreadAndDelivered(JSONObject result) throws Exception {
        assertTrue(result.getBoolean("ok"), result.toString());
        List<String> sides = strings(result.getJSONArray("sides"));
        assertTrue(sides.contains("java") && sides.contains("node"), "clients on both nodes: " + sides);
        JSONArray expected = result.getJSONArray("expected");
        assertEquals(List.of("from-java", "from-node"), strings(expected));
        JSONArray received = result.getJSONArray("received");
        for (int i = 0; i < received.length(); i++) {
            assertEquals(strings(expected), strings(received.getJSONArray(i)), "client " + i + " on " + sides.get(i) + ": " + result);
        }
    }

    private static List<String> distinct(JSONArray values) throws Exception {
        return strings(values).stream().distinct().toList();
    }

    /** This org.json (the Java client's old copy) has no {@code toList()}. */
    private static List<String> strings(JSONArray values) throws Exception {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < values.length(); i++) list.add(values.getString(i));
        return list;
    }

    private static HttpResponse<String> get(HttpClient http, String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Runs the stock clients through the balancer's {@code port} (bounded: 60 s) and returns their JSON line. */
    private JSONObject clients(int port, String transports) throws Exception {
        Process p = new ProcessBuilder(List.of("node", "cluster/lb-clients.mjs", "http://127.0.0.1:" + port, path(),
                transports, String.valueOf(CLIENTS)))
                .directory(new File("src/test/js")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("lb-clients.mjs did not finish within 60 s");
        }
        List<String> lines = new ArrayList<>(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        assertTrue(!lines.isEmpty(), "no output from lb-clients.mjs");
        return new JSONObject(lines.get(lines.size() - 1));
    }
}
