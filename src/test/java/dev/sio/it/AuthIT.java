package dev.sio.it;

import dev.sio.testing.JwtFixtures;
import dev.sio.auth.DevTokenIssuer;
import io.socket.client.IO;
import io.socket.client.Socket;
import okhttp3.OkHttpClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jose4j.jwk.RsaJsonWebKey;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authentication against an SSO's JWKS served over HTTP on 127.0.0.1 by this test, with a key
 * rotation, through the stock Java client ({@code io.socket:socket.io-client} 2.x,
 * {@code options.auth = {token}}); and the security default: without
 * {@code socketio.auth.dev-mode} there is no development token endpoint and a development key's
 * token is refused.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AuthIT {

    private static final String JWKS_PATH = "/realms/it/protocol/openid-connect/certs";
    /** What the SSO publishes now. Each test signs with keys of its own, unknown to the server's cache at first. */
    private static final AtomicReference<String> published = new AtomicReference<>("{\"keys\":[]}");
    private static final AtomicInteger fetches = new AtomicInteger();
    private static HttpServer sso;
    private static final OkHttpClient http = new OkHttpClient.Builder().readTimeout(1, TimeUnit.MINUTES).build();

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        sso = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sso.createContext(JWKS_PATH, exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        sso.start();
        String settings = String.join("\n",
                "mp.jwt.verify.publickey.location=http://127.0.0.1:" + sso.getAddress().getPort() + JWKS_PATH,
                "mp.jwt.verify.issuer=" + Deployments.ISSUER,
                "mp.jwt.verify.audiences=" + Deployments.AUDIENCE,
                // every unknown kid may refetch at once: the rotation below must not wait for the rate limit
                "socketio.auth.jwks.refresh-min-interval=0",
                "");
        return Deployments.productWar("auth", settings);
    }

    @AfterAll
    static void stop() {
        if (sso != null) sso.stop(0);
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @ArquillianResource
    URL deployed;

    private URI base;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    @BeforeEach
    void base() {
        base = Deployments.loopback(deployed);
    }

    @AfterEach
    void close() {
        sockets.forEach(Socket::close);
        sockets.clear();
    }

    /** A /secure socket sending {@code auth = {token}} (and {@code headers}), over WebSocket, not connected yet. */
    private Socket socket(String token, Map<String, List<String>> headers) {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.path = base.getPath() + "socket.io/";
        options.transports = new String[]{"websocket"};
        options.timeout = 10_000;
        options.callFactory = http;
        options.webSocketFactory = http;
        if (token != null) options.auth = Map.of("token", token);
        options.extraHeaders = headers;
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + base.getPort() + "/secure"), options);
        sockets.add(socket);
        return socket;
    }

    /** Connects; the outcome is "connected" or the connect_error message. */
    private static String outcome(Socket socket) throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, args -> result.complete("connected"));
        socket.once(Socket.EVENT_CONNECT_ERROR, args -> result.complete(
                args.length > 0 && args[0] instanceof JSONObject error ? error.optString("message") : String.valueOf(args.length > 0 ? args[0] : null)));
        socket.connect();
        return result.get(15, TimeUnit.SECONDS);
    }

    private static JSONObject whoami(Socket socket) throws Exception {
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        socket.emit("whoami", new Object[0], answer::complete);
        return (JSONObject) answer.get(10, TimeUnit.SECONDS)[0];
    }

    private static String token(RsaJsonWebKey key, String sub) {
        return Deployments.token(key, Deployments.ISSUER, sub, 600);
    }

    @Test
    void keys_come_from_the_sso_jwks_and_a_rotation_is_followed_without_a_restart() throws Exception {
        RsaJsonWebKey keyA = Deployments.rsa("rotation-a-" + UUID.randomUUID());
        RsaJsonWebKey keyB = Deployments.rsa("rotation-b-" + UUID.randomUUID());
        published.set(JwtFixtures.publicJwks(keyA));
        Socket alice = socket(token(keyA, "alice"), null);
        assertEquals("connected", outcome(alice));
        assertEquals("alice", whoami(alice).getString("sub"));
        int afterFirst = fetches.get();
        assertTrue(afterFirst >= 1, "the JWKS was fetched");

        // the SSO rotates: B replaces A. A token signed by B names a kid the server does not know
        // yet, so the server refetches the JWKS and accepts it.
        published.set(JwtFixtures.publicJwks(keyB));
        Socket bob = socket(token(keyB, "bob"), null);
        assertEquals("connected", outcome(bob));
        assertEquals("bob", whoami(bob).getString("sub"));
        assertTrue(fetches.get() > afterFirst, "the unknown kid made the server refetch");

        // A is gone from the JWKS: a new token signed by A is refused...
        assertEquals("invalid token: unknown key", outcome(socket(token(keyA, "carol"), null)));
        // ...while a socket admitted before the rotation stays (tokens are checked when a socket joins)
        assertTrue(alice.connected());
        assertEquals("alice", whoami(alice).getString("sub"));
    }

    @Test
    void the_java_client_may_send_the_token_as_a_bearer_header_instead() throws Exception {
        RsaJsonWebKey key = Deployments.rsa("bearer-" + UUID.randomUUID());
        published.set(JwtFixtures.publicJwks(key));
        Socket dave = socket(null, Map.of("Authorization", List.of("Bearer " + token(key, "dave"))));
        assertEquals("connected", outcome(dave));
        assertEquals("dave", whoami(dave).getString("sub"));
        assertEquals("missing token", outcome(socket(null, null)));
    }

    @Test
    void by_default_there_is_no_development_token_endpoint() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("api/dev/token?user=mallory"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode(), "GET api/dev/token: " + response.body());
    }

    @Test
    void by_default_a_token_of_a_development_key_is_refused() throws Exception {
        String devToken = new DevTokenIssuer("socketio-jakarta-dev", Duration.ofMinutes(5)).mint("mallory", "Mallory", Set.of("admin"));
        String refused = outcome(socket(devToken, null));
        assertEquals("invalid token: unknown key", refused);
    }
}
