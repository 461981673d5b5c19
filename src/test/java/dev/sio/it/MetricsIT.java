package dev.sio.it;

import io.socket.client.IO;
import io.socket.client.Socket;
import okhttp3.OkHttpClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.sio.it.JavaClients.CONNECT_SECONDS;
import static dev.sio.it.JavaClients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The socketio_ metrics on a real server after real client traffic: the server's own Prometheus
 * text is scraped before and after, and the differences must equal the traffic sent: connections
 * by transport, a broadcast to three sockets, a refused token by kind, an upgrade. Payara exports
 * through MicroProfile Metrics ({@code /metrics}); WildFly (profile wildfly) through its micrometer
 * subsystem ({@code /prometheus} on the management port); the same WAR, the same names.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MetricsIT {


    @ArquillianResource
    URL deployed;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final OkHttpClient okhttp = new OkHttpClient.Builder().readTimeout(1, TimeUnit.MINUTES).build();
    private final List<Socket> sockets = new ArrayList<>();

    /** Not "metrics": a WAR of that name would take Payara's /metrics context root. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.productWar("metrics-it");
    }

    @AfterEach
    void closeClients() {
        sockets.forEach(Socket::close);
        okhttp.dispatcher().executorService().shutdown();
    }

    @Test
    void the_war_serves_clients_with_metrics_on() throws Exception {
        Socket socket = connect(socket("/test", "websocket"));
        assertTrue(socket.connected());
    }

    /** The names of docs/monitoring.md's table, less the message-queue outbound and cluster rows (not configured here). */
    static final List<String> SERIES = List.of("socketio_connections", "socketio_connections_opened_total",
            "socketio_connections_closed_total", "socketio_send_buffer_full_total", "socketio_upgrades_total",
            "socketio_connections_refused_total", "socketio_sockets", "socketio_rooms", "socketio_socket_connects_total",
            "socketio_socket_disconnects_total", "socketio_connects_refused_total", "socketio_messages_received_total",
            "socketio_received_bytes_total", "socketio_messages_sent_total", "socketio_sent_bytes_total",
            "socketio_broadcasts_total", "socketio_broadcast_deliveries_total", "socketio_volatile_dropped_total",
            "socketio_ack_timeouts_total", "socketio_mq_emits_total", "socketio_mq_emits_refused_total");

    @Test
    void every_series_is_exported_under_the_same_name_on_each_server() throws Exception {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (String key : scrape().keySet()) names.add(key.replaceFirst("\\{.*", ""));
        names.removeIf(name -> name.endsWith("_created")); // OpenMetrics companions, should a server add them
        assertEquals(new java.util.TreeSet<>(SERIES), names, "scraped from " + ServerMetrics.endpoint(deployed.getPort()));
        assertTrue(scrape().containsKey("socketio_connects_refused_total{reason=token_malformed}"), "labels as on every server");
    }

    @Test
    void metrics_follow_the_traffic() throws Exception {
        assertTrue(scrape().containsKey("socketio_connections{transport=websocket}"), "our series are registered");
        // the clients of an earlier test close asynchronously: start from a server they have all left,
        // or one of them closing mid-test shows as a connection missing from the deltas
        Map<String, Double> before = awaitScrape(m -> m.get("socketio_connections{transport=websocket}") == 0
                && m.get("socketio_connections{transport=polling}") == 0);
        assertEquals(0, before.get("socketio_connections{transport=websocket}") + before.get("socketio_connections{transport=polling}"),
                "the earlier test's clients are gone");

        List<Socket> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) members.add(connect(socket("/test", "websocket")));
        Socket polling = connect(socket("/test", "polling"));
        for (Socket member : members) await(ack(member, "join", "metrics-room"), "join");
        List<CompletableFuture<Object[]>> received = new ArrayList<>();
        for (Socket member : members) {
            CompletableFuture<Object[]> news = new CompletableFuture<>();
            member.once("news", news::complete);
            received.add(news);
        }
        await(ack(members.get(0), "toRoom", new JSONObject().put("room", "metrics-room").put("event", "news")
                .put("args", new org.json.JSONArray().put("hello"))), "broadcast answer");
        for (CompletableFuture<Object[]> news : received) await(news, "the broadcast");
        String refusal = refused("/secure", "not-a-token");
        assertEquals("invalid token: malformed", refusal);
        Socket upgrading = connect(socket("/test", "polling", "websocket"));

        // every figure settles a moment after the client saw its event (an upgrade completes on the server
        // after the client switched): wait for all of them, then check them exactly
        Map<String, Double> after = awaitScrape(m -> delta(before, m, "socketio_upgrades_total") >= 1
                && delta(before, m, "socketio_connections{transport=websocket}") >= 4
                && delta(before, m, "socketio_broadcast_deliveries_total") >= 3);
        assertEquals(4, delta(before, after, "socketio_connections{transport=websocket}"), () -> "three, and the upgraded one: "
                + "before " + connectionFigures(before) + ", after " + connectionFigures(after));
        assertEquals(1, delta(before, after, "socketio_connections{transport=polling}"));
        assertEquals(2, delta(before, after, "socketio_connections_opened_total{transport=polling}"), "the polling one and the upgraded one");
        assertEquals(1, delta(before, after, "socketio_upgrades_total"));
        assertEquals(1, delta(before, after, "socketio_broadcasts_total"));
        assertEquals(3, delta(before, after, "socketio_broadcast_deliveries_total"));
        assertEquals(1, delta(before, after, "socketio_connects_refused_total{reason=token_malformed}"));
        assertEquals(0, delta(before, after, "socketio_connects_refused_total{reason=token_expired}"));
        assertEquals(5, delta(before, after, "socketio_socket_connects_total{namespace=/test}"));
        assertTrue(after.get("socketio_sockets{namespace=/test}") >= 5);
        assertTrue(after.get("socketio_rooms{namespace=/test}") >= 1);
        assertTrue(delta(before, after, "socketio_messages_received_total") >= 5 + 3 + 1, "CONNECTs, joins, the broadcast request");
        assertTrue(delta(before, after, "socketio_sent_bytes_total") > 0);
        assertTrue(polling.connected() && upgrading.connected());

        members.get(1).disconnect();
        Map<String, Double> later = awaitScrape(m -> delta(after, m, "socketio_socket_disconnects_total{namespace=/test,reason=client_namespace_disconnect}") >= 1);
        assertEquals(1, delta(after, later, "socketio_socket_disconnects_total{namespace=/test,reason=client_namespace_disconnect}"));
    }

    private static Map<String, Double> connectionFigures(Map<String, Double> scrape) {
        Map<String, Double> figures = new java.util.TreeMap<>();
        scrape.forEach((key, value) -> {
            if (key.startsWith("socketio_connections") || key.startsWith("socketio_upgrades")) figures.put(key, value);
        });
        return figures;
    }

    // ---- scraping ----

    private Map<String, Double> awaitScrape(java.util.function.Predicate<Map<String, Double>> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Double> now = scrape();
        while (!ready.test(now) && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling a condition, bounded (a close arrives on the server a moment later)
            now = scrape();
        }
        return now;
    }

    private Map<String, Double> scrape() throws Exception {
        return ServerMetrics.scrape(http, deployed.getPort());
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        if (!after.containsKey(key)) throw new AssertionError("no series " + key + " in the scrape: " + after.keySet());
        return after.get(key) - before.getOrDefault(key, 0.0);
    }

    // ---- clients ----

    private Socket socket(String namespace, String... transports) {
        return socket(namespace, null, transports);
    }

    private Socket socket(String namespace, Map<String, String> auth, String... transports) {
        IO.Options options = new IO.Options();
        if (auth != null) options.auth = auth;
        options.forceNew = true;
        options.reconnection = false;
        options.path = (deployed.getPath().endsWith("/") ? deployed.getPath() : deployed.getPath() + "/") + "socket.io/";
        options.transports = transports;
        options.timeout = TimeUnit.SECONDS.toMillis(CONNECT_SECONDS);
        options.callFactory = okhttp;
        options.webSocketFactory = okhttp;
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + deployed.getPort() + namespace), options);
        sockets.add(socket);
        return socket;
    }

    private static Socket connect(Socket socket) throws Exception {
        CompletableFuture<Object> connected = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, args -> connected.complete(true));
        socket.once(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(new AssertionError("connect_error " + List.of(args))));
        socket.connect();
        await(connected, "connect", CONNECT_SECONDS);
        return socket;
    }

    /** Connects with a token the server must refuse; the CONNECT_ERROR message. */
    private String refused(String namespace, String token) throws Exception {
        Socket socket = socket(namespace, Map.of("token", token), "websocket");
        CompletableFuture<String> error = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT_ERROR, args -> error.complete(args.length > 0 && args[0] instanceof JSONObject o
                ? o.optString("message") : String.valueOf(args.length > 0 ? args[0] : null)));
        socket.once(Socket.EVENT_CONNECT, args -> error.completeExceptionally(new AssertionError("connected with a bad token")));
        socket.connect();
        return await(error, "connect_error", CONNECT_SECONDS);
    }

    private static CompletableFuture<Object[]> ack(Socket socket, String event, Object argument) {
        CompletableFuture<Object[]> answered = new CompletableFuture<>();
        socket.emit(event, new Object[]{argument}, answered::complete);
        return answered;
    }
}
