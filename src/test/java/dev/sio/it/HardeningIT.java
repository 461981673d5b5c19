package dev.sio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Attacks on a real Payara Micro with raw sockets: a client that keeps its heartbeat alive but
 * never reads what the server sends (the outbound byte bound must drop it), and a request with two
 * Origin headers (refused, not decided by the first).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HardeningIT {

    /** Long heartbeat timings: the stuck client must be dropped for its queue, not for a missed pong. */
    static final String SETTINGS = String.join("\n",
            "socketio.ping-interval=2000",
            "socketio.ping-timeout=5000",
            "socketio.connect-timeout=15000",
            "socketio.max-http-buffer-size=1000000",
            "") + releaseSetting() + Deployments.authSettings();

    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    private static final long WAIT_MILLIS = 60_000;
    private static final long MB = 1024 * 1024;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.productWar("hardening", SETTINGS).addClass(HardeningTestGateway.class)
                .addClass(UpgradeHandlerProbe.class);
    }

    @ArquillianResource
    URL deployed;

    @Test
    void aClientThatAnswersPingsButNeverReadsIsClosedOnceItsQueueHoldsSixteenMegabytesAndItsMemoryIsGivenBack()
            throws Exception {
        try (Connected observer = connect(1 << 16)) {
            long before = heap(observer);

            ScheduledExecutorService pongs = Executors.newSingleThreadScheduledExecutor();
            try (Connected stuck = connect(4096)) {
                String sid = stuck.sid();
                // pongs without reading the pings: the server ignores a pong it did not ask for and
                // takes the next one after its ping, so the heartbeat holds while nothing is read
                pongs.scheduleAtFixedRate(() -> {
                    try {
                        stuck.socket().sendText("3");
                    } catch (IOException e) {
                        // the server closed the connection: nothing left to keep alive
                    }
                }, 0, 500, TimeUnit.MILLISECONDS);
                // 300 messages of 1 MB: without a byte bound all of them would queue (4096 packets allowed)
                stuck.socket().sendText("42/hardening,[\"flood\",{\"count\":300,\"size\":1000000}]");

                long started = System.nanoTime();
                awaitSessionGone(sid);
                long closedAfter = (System.nanoTime() - started) / 1_000_000;
                // asked on a new connection: the observer read nothing while the test waited, so on a
                // loaded machine the server may have ended it for missed pongs meanwhile
                long after;
                try (Connected again = connect(1 << 16)) {
                    after = heap(again);
                }
                System.out.printf("HardeningIT stuck reader: closed after %d ms; live heap %d MB before, %d MB after%n",
                        closedAfter, before / MB, after / MB);
                assertTrue(after - before < 64 * MB, "live heap grew by " + (after - before) / MB + " MB");
            } finally {
                pongs.shutdownNow();
            }
        }
    }

    @Test
    void aPollingRequestWithTwoOriginHeadersIsRefusedWith400AndAJsonBody() throws Exception {
        URI base = base();
        String response = rawHttp(base, "GET " + base.getPath() + "socket.io/?EIO=4&transport=polling HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nOrigin: http://allowed.test\r\nOrigin: http://evil.test\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400"), response);
        assertTrue(response.toLowerCase().contains("content-type: application/json"), response);
        assertTrue(response.contains("\"code\":3"), response);
        assertTrue(response.contains("\"message\":\"Bad request\""), response);
    }

    @Test
    void aWebSocketUpgradeWithTwoOriginHeadersIsRefusedWith400() throws Exception {
        URI base = base();
        String response = rawHttp(base, "GET " + base.getPath() + "socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nOrigin: http://a.test\r\nOrigin: http://b.test\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400"), response);
        assertTrue(response.contains("\"code\":3"), response);
    }

    /**
     * Payara pools its request objects (up to 16 per worker thread) and never clears the upgrade
     * handler of one that upgraded a WebSocket: each pooled request kept a closed connection (its
     * Tyrus WebSocket, upgrade request and our handshake objects) until UpgradeHandlerRelease.
     * Half the clients close with a close frame, half just drop the TCP connection.
     */
    @Test
    void closedWebSocketConnectionsCanAllBeCollected() throws Exception {
        // the probe watches Payara's pooled upgrade requests (Tyrus behind Grizzly); Undertow has none
        org.junit.jupiter.api.Assumptions.assumeTrue(!Deployments.onWildFly(),
                "Payara's request pool and Tyrus only: WildFly's upgrades are Undertow's");
        URI base = base();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        probe(http, "reset");
        int rounds = 15;
        int perRound = 20; // open at once, so that many pooled requests take part
        for (int round = 0; round < rounds; round++) {
            java.util.List<RawWebSocket> open = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < perRound; i++) {
                    RawWebSocket ws = RawWebSocket.open("127.0.0.1", base.getPort(),
                            base.getPath() + "socket.io/?EIO=4&transport=websocket", 1 << 16);
                    open.add(ws);
                    String handshake = ws.readText();
                    assertTrue(handshake.startsWith("0{"), handshake);
                }
            } finally {
                for (int i = 0; i < open.size(); i++) {
                    if (i % 2 == 0) open.get(i).closeWithFrame();
                    else open.get(i).close();
                }
            }
        }
        int connections = rounds * perRound;

        // the release looks every 0.5 s, for at most 10 s after each close
        long deadline = System.currentTimeMillis() + 40_000;
        String reachable = probe(http, "reachable");
        while (!reachable.startsWith("0 of") && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            reachable = probe(http, "reachable");
        }
        System.out.printf("HardeningIT closed connections: %s upgrade handlers still reachable after %d connections (release setting: %s)%n",
                reachable, connections, System.getProperty("sio.it.release-upgrade-handler", "default"));
        String[] counts = reachable.split(" ", 4); // "R of T (details)"
        assertTrue(Integer.parseInt(counts[2]) >= connections, "the probe saw only " + counts[2] + " upgrades of " + connections);
        assertEquals(0, Integer.parseInt(counts[0]), reachable + " closed connections' upgrade handlers still reachable");
    }

    // ---- helpers ----

    /** {@code -Dsio.it.release-upgrade-handler=false} deploys with the release off (to see the test fail without it). */
    private static String releaseSetting() {
        String value = System.getProperty("sio.it.release-upgrade-handler");
        return value == null ? "" : "socketio.websocket.release-upgrade-handler=" + value + "\n";
    }

    private String probe(HttpClient http, String what) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base().resolve("it-upgrades/" + what))
                .GET().timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private record Connected(RawWebSocket socket, String sid) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A WebSocket session joined to /hardening; the open packet and the CONNECT answer are read. */
    private Connected connect(int receiveBuffer) throws IOException {
        URI base = base();
        RawWebSocket ws = RawWebSocket.open("127.0.0.1", base.getPort(),
                base.getPath() + "socket.io/?EIO=4&transport=websocket", receiveBuffer);
        String open = ws.readText();
        Matcher sid = SID.matcher(open);
        if (!sid.find()) fail("no sid in " + open);
        ws.sendText("40/hardening,");
        String answer = ws.readText();
        assertTrue(answer.startsWith("40/hardening,"), answer);
        return new Connected(ws, sid.group(1));
    }


    /** Asks the server for its live heap, answering pings meanwhile. */
    private static long heap(Connected observer) throws IOException {
        observer.socket().sendText("42/hardening,1[\"heap\"]");
        while (true) {
            String frame = observer.socket().readText();
            if (frame.equals("2")) observer.socket().sendText("3");
            else if (frame.startsWith("43/hardening,1[")) {
                return Long.parseLong(frame.substring("43/hardening,1[".length(), frame.length() - 1));
            }
        }
    }

    private void awaitSessionGone(String sid) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = base().resolve("socket.io/?EIO=4&transport=polling&sid=" + sid);
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        HttpResponse<String> response;
        do {
            response = http.send(HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 400 && response.body().contains("\"code\":1")) return;
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        fail("session " + sid + " is still open after " + WAIT_MILLIS + " ms: " + response.statusCode() + " " + response.body());
    }

    private URI base() {
        URI base = Deployments.loopback(deployed);
        return base.getPath().endsWith("/") ? base : URI.create(base + "/");
    }

    /** Sends a raw request and reads the answer until the server closes or 2 s pass without data. */
    private static String rawHttp(URI base, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5_000);
            socket.setSoTimeout(15_000); // a cold server on a loaded machine took over 2 s; the loop ends at the first "}"
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.UTF_8).contains("}")) break;
                }
            } catch (java.net.SocketTimeoutException e) {
                // keep what came
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
