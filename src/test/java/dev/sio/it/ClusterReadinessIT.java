package dev.sio.it;

import dev.sio.cluster.redis.RedisServerProcess;
import io.socket.client.IO;
import io.socket.client.Socket;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import okhttp3.OkHttpClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.json.JSONArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.sio.it.JavaClients.CONNECT_SECONDS;
import static dev.sio.it.JavaClients.await;
import static dev.sio.it.JavaClients.json;
import static dev.sio.it.JavaClients.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our server with {@code socketio.adapter=redis} on a Redis that is not there at start (a free
 * port): it starts anyway, serves its own clients (a room broadcast reaches the local member), and
 * its readiness check is DOWN saying why; once a redis-server runs on that port, the node connects
 * by itself and is ready, without a restart.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClusterReadinessIT {

    private static final int REDIS_PORT = freePort();
    private static RedisServerProcess redis;

    @ArquillianResource
    URL deployed;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.productWar("cluster-ready", Deployments.CONFORMANCE_SETTINGS + Deployments.authSettings()
                        + String.join("\n", "socketio.adapter=redis", "socketio.redis.uri=redis://127.0.0.1:" + REDIS_PORT,
                        "socketio.redis.key-prefix=ready-" + System.nanoTime(), ""))
                .addClass(ClusterTestGateway.class);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) redis.close();
    }

    private record Ready(int status, JsonObject data) {
    }

    private Ready readiness() throws Exception {
        URI uri = Deployments.health(deployed.getPort(), "/health/ready");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            JsonObject check = reader.readObject().getJsonArray("checks").stream().map(v -> v.asJsonObject())
                    .filter(c -> "socketio".equals(c.getString("name"))).findFirst().orElseThrow();
            return new Ready(r.statusCode(), check.getJsonObject("data"));
        }
    }

    @Test
    void withoutRedisTheNodeServesItsClientsAndIsNotReadyThenReadyOnceRedisRuns() throws Exception {
        Ready down = readiness();
        assertEquals(503, down.status(), down.toString());
        assertTrue(down.data().getString("cluster").startsWith("Redis redis://127.0.0.1:" + REDIS_PORT), down.toString());

        OkHttpClient okhttp = new OkHttpClient.Builder().build();
        Socket socket = null;
        try {
            IO.Options options = new IO.Options();
            options.forceNew = true;
            options.reconnection = false;
            URI base = Deployments.loopback(deployed);
            options.path = (base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/") + "socket.io/";
            options.transports = new String[]{"websocket"};
            options.callFactory = okhttp;
            options.webSocketFactory = okhttp;
            socket = IO.socket(URI.create("http://127.0.0.1:" + base.getPort() + "/cluster"), options);
            CompletableFuture<Object[]> connected = new CompletableFuture<>();
            CompletableFuture<Object[]> hello = new CompletableFuture<>();
            socket.once(Socket.EVENT_CONNECT, connected::complete);
            socket.on("hello", hello::complete);
            socket.connect();
            await(connected, "connect", CONNECT_SECONDS);
            JavaClients.call(socket, "join", "r");
            long start = System.nanoTime();
            JavaClients.call(socket, "toRoom", json("room", "r", "event", "hello", "args", new JSONArray().put("local")));
            assertEquals(List.of("local"), plain(await(hello, "the local room broadcast while Redis is down")));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2000, "no wait on Redis");

            redis = RedisServerProcess.onPort(REDIS_PORT).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Ready up = readiness();
            while (up.status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(200); // polling a condition, bounded: the link retries at most every 5 s
                up = readiness();
            }
            assertEquals(200, up.status(), up.toString());
            assertEquals("ok", up.data().getString("cluster"));
            // the room broadcast's remote half, lost while Redis was away (Payara writes longs as strings)
            var failures = up.data().get("clusterPublishFailures");
            long lost = failures instanceof jakarta.json.JsonNumber n ? n.longValue() : Long.parseLong(((jakarta.json.JsonString) failures).getString());
            assertTrue(lost >= 1, up.toString());
            assertEquals(1, plain(JavaClients.call(socket, "serverCount")[0]), "counted once, by itself");
        } finally {
            if (socket != null) socket.close();
            okhttp.dispatcher().executorService().shutdown();
            okhttp.connectionPool().evictAll();
        }
    }

}
