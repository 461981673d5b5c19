package dev.sio.it;

import com.sun.net.httpserver.HttpServer;
import dev.sio.testing.JwtFixtures;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MicroProfile Health on a real server: its own {@code /health/live} and {@code /health/ready}
 * (Payara: the HTTP port; WildFly: the management port) carry our "socketio" check. The token keys come from a JWKS served by this
 * test, which first answers 503 (an SSO that is down): not ready, and the check says why; once the
 * SSO serves its keys, ready.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthIT {

    private static final AtomicBoolean SSO_UP = new AtomicBoolean(false);
    private static final HttpServer SSO = sso();

    @ArquillianResource
    URL deployed;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Not "health": a WAR of that name would take Payara's /health context root. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        String jwks = "http://127.0.0.1:" + SSO.getAddress().getPort() + "/jwks";
        return Deployments.productWar("health-it", Deployments.CONFORMANCE_SETTINGS + String.join("\n",
                "mp.jwt.verify.publickey.location=" + jwks,
                "mp.jwt.verify.issuer=" + Deployments.ISSUER,
                // refetch at most every 500 ms, so that readiness follows the SSO quickly in the test
                "socketio.auth.jwks.refresh-min-interval=500",
                ""));
    }

    @AfterAll
    static void stopSso() {
        SSO.stop(0);
    }

    private static HttpServer sso() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] keys = JwtFixtures.publicJwks(Deployments.SIGNING_KEY).getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                if (SSO_UP.get()) {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, keys.length);
                    exchange.getResponseBody().write(keys);
                } else {
                    exchange.sendResponseHeaders(503, -1);
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Answer(int status, JsonObject socketio) {
    }

    /** GET a health path on the server's root, and our check in it. */
    private Answer health(String path) throws Exception {
        URI uri = Deployments.health(deployed.getPort(), path);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (!response.body().startsWith("{")) throw new AssertionError(uri + " answered " + response.statusCode() + ": "
                + response.body().substring(0, Math.min(200, response.body().length())));
        JsonObject body;
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            body = reader.readObject();
        }
        JsonObject check = body.getJsonArray("checks").stream().map(v -> v.asJsonObject())
                .filter(c -> "socketio".equals(c.getString("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no socketio check in " + response.body()));
        return new Answer(response.statusCode(), check);
    }

    /** A number in the check's data (Payara writes long values as JSON strings, WildFly as numbers). */
    private static long number(JsonObject check, String key) {
        var value = check.getJsonObject("data").get(key);
        if (value instanceof jakarta.json.JsonNumber n) return n.longValue();
        if (value instanceof jakarta.json.JsonString s) return Long.parseLong(s.getString());
        throw new AssertionError(key + " missing in " + check);
    }

    @Test
    @Order(1)
    void live_while_the_heartbeat_timer_ticks() throws Exception {
        Answer live = health("/health/live");
        assertEquals(200, live.status());
        assertEquals("UP", live.socketio().getString("status"));
        assertTrue(number(live.socketio(), "timerLagMillis") < 30_000);
    }

    @Test
    @Order(2)
    void not_ready_while_the_token_keys_cannot_be_loaded_then_ready() throws Exception {
        Answer down = health("/health/ready");
        assertEquals(503, down.status());
        assertEquals("DOWN", down.socketio().getString("status"));
        assertTrue(down.socketio().getJsonObject("data").getString("tokenKeys").startsWith("no verification key loaded yet"),
                down.toString());
        assertEquals("ok", down.socketio().getJsonObject("data").getString("accepting"));

        SSO_UP.set(true);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Answer ready = health("/health/ready");
        while (ready.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200); // polling a condition, bounded: readiness follows the SSO within a refetch interval
            ready = health("/health/ready");
        }
        assertEquals(200, ready.status(), ready.toString());
        assertEquals("UP", ready.socketio().getString("status"));
        assertEquals("ok", ready.socketio().getJsonObject("data").getString("tokenKeys"));
        assertEquals(0L, number(ready.socketio(), "connections"));
    }
}
