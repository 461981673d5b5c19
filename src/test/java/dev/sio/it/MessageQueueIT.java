package dev.sio.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.emitter.Emitter;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import okhttp3.OkHttpClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sio.it.JavaClients.CONNECT_SECONDS;
import static dev.sio.it.JavaClients.await;
import static dev.sio.it.JavaClients.call;
import static dev.sio.it.JavaClients.json;
import static dev.sio.it.JavaClients.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The message-queue integration (issue 14) with a real RabbitMQ on 127.0.0.1:5672 (guest/guest) and
 * real Socket.IO clients on /chat: emit requests from the broker to a room, a user and the whole
 * namespace; a malformed message rejected while the consumer goes on; {@code POST /api/emit} with
 * good, missing and wrong-role tokens; accepted client events as a real consumer sees them; a broker
 * restart with the durable inbound queue surviving; and the inbound rate through the broker.
 * Exchanges and queues carry a per-run suffix, so runs never share them, and are deleted at the end.
 * <p>Absence is proven with a sentinel emitted after the one that must not arrive (the inbox keeps
 * every event in order, so "the next event is the sentinel" means nothing came before it).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MessageQueueIT {

    private static final String SUFFIX = ".it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String INBOUND = "socketio.emit" + SUFFIX;
    private static final String OUTBOUND = "socketio.events" + SUFFIX;
    private static final String EMITTER_ROLE = "socketio-emitter";
    /** How long the server may take to reconnect after the broker restarts (its recovery interval is 1 s). */
    private static final long RECOVERY_SECONDS = 60;
    /** Messages of the inbound rate run; -Dsio.mq.bench.messages=20000 for the figure in docs/integration.md. */
    private static final int BENCH_MESSAGES = Integer.getInteger("sio.mq.bench.messages", 2_000);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.productWar("mq-it", Deployments.authSettings() + String.join("\n",
                "socketio.mq.rabbitmq.uri=amqp://guest:guest@127.0.0.1:5672",
                "socketio.mq.inbound.exchange=" + INBOUND,
                "socketio.mq.inbound.queue=" + INBOUND,
                "socketio.mq.outbound.exchange=" + OUTBOUND,
                "socketio.mq.outbound.events=/chat:roomMessage",
                ""));
    }

    @ArquillianResource
    URL deployed;

    private static OkHttpClient okHttp;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private URI base;
    private Connection broker;

    @BeforeAll
    static void httpClient() {
        okHttp = new OkHttpClient.Builder().readTimeout(1, TimeUnit.MINUTES).build();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
        try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDelete(INBOUND);
            channel.exchangeDelete(INBOUND);
            channel.exchangeDelete(OUTBOUND);
        }
    }

    @BeforeEach
    void connectBroker() throws Exception {
        base = Deployments.loopback(deployed);
        broker = factory().newConnection("mq-it");
    }

    @AfterEach
    void close() throws Exception {
        for (Socket socket : sockets) socket.close();
        sockets.clear();
        if (broker.isOpen()) broker.close(2_000);
    }

    private static ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(5_000);
        return factory;
    }

    // ---------------------------------------------------------------- helpers

    /** Publishes an emit request as another service would, and waits for the broker's confirm. */
    private void publish(String body) throws Exception {
        try (Channel channel = broker.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(INBOUND, "orders.notify", MessageProperties.PERSISTENT_TEXT_PLAIN, body.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5_000);
        }
    }

    /** A /chat client of user {@code sub}, with its inbox, connected over WebSocket. */
    private JavaClients.Inbox chatClient(String sub) throws Exception {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.path = (base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/") + "socket.io/";
        options.transports = new String[]{"websocket"};
        options.timeout = TimeUnit.SECONDS.toMillis(CONNECT_SECONDS);
        options.callFactory = okHttp;
        options.webSocketFactory = okHttp;
        options.auth = Map.of("token", Deployments.token(sub));
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + base.getPort() + "/chat"), options);
        sockets.add(socket);
        JavaClients.Inbox inbox = new JavaClients.Inbox(socket);
        CompletableFuture<Object[]> connected = new CompletableFuture<>();
        Emitter.Listener ok = connected::complete;
        Emitter.Listener refused = args -> connected.completeExceptionally(new AssertionError("connect_error: " + Arrays.toString(args)));
        socket.once(Socket.EVENT_CONNECT, ok).once(Socket.EVENT_CONNECT_ERROR, refused);
        socket.connect();
        await(connected, "connect of " + sub, CONNECT_SECONDS);
        return inbox;
    }

    private static String user(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void join(JavaClients.Inbox client, String room) throws InterruptedException {
        assertEquals(Map.of("ok", true), plain(call(client.socket(), "joinRoom", room)[0]), "joinRoom " + room);
    }

    private HttpResponse<String> postEmit(String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/emit")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) request.header("Authorization", authorization);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))).readObject();
    }

    private static void rabbitmqctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("rabbitmqctl " + String.join(" ", args) + " took more than 90 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "rabbitmqctl " + String.join(" ", args) + ": " + output);
    }

    /** Connects to the broker, trying for at most {@code seconds} (it is starting). */
    private static Connection connectWithin(long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try {
                return factory().newConnection("mq-it");
            } catch (IOException | TimeoutException e) {
                if (System.nanoTime() > deadline) throw new AssertionError("RabbitMQ did not answer within " + seconds + " s", e);
                Thread.sleep(200);
            }
        }
    }

    // ---------------------------------------------------------------- inbound

    @Test
    @Order(1)
    void an_emit_request_reaches_a_room_a_user_and_the_whole_namespace() throws Exception {
        String ann = user("ann");
        String bob = user("bob");
        JavaClients.Inbox annInbox = chatClient(ann);
        JavaClients.Inbox bobInbox = chatClient(bob);
        JavaClients.Inbox bobSecond = chatClient(bob);
        join(annInbox, "lobby");

        publish("{\"nsp\": \"/chat\", \"rooms\": [\"lobby\"], \"event\": \"notice\", \"args\": [{\"order\": 1}, \"two\"]}");
        Object[] notice = annInbox.expect("notice", 15);
        // an offset may follow the two arguments: /chat recovers connections (docs/recovery.md)
        assertEquals(List.of(Map.of("order", 1), "two"), plain(Arrays.copyOf(notice, 2)));

        publish("{\"nsp\": \"/chat\", \"user\": \"" + bob + "\", \"event\": \"direct\", \"args\": [\"for bob\"]}");
        assertEquals("for bob", bobInbox.expect("direct")[0]);
        assertEquals("for bob", bobSecond.expect("direct")[0], "every socket of the user");

        publish("{\"nsp\": \"/chat\", \"event\": \"everyone\", \"args\": [3]}");
        assertEquals(3, annInbox.expect("everyone")[0], "ann got nothing before: not bob's direct one");
        assertEquals(3, bobInbox.expect("everyone")[0], "bob got nothing before: not the lobby's notice");
        assertEquals(3, bobSecond.expect("everyone")[0]);
    }

    @Test
    @Order(2)
    void no_client_may_join_a_users_room() throws Exception {
        String bob = user("bob");
        JavaClients.Inbox mallory = chatClient(user("mallory"));

        Object answer = plain(call(mallory.socket(), "joinRoom", "sio:user:" + bob)[0]);

        assertEquals(false, ((Map<?, ?>) answer).get("ok"), "refused: " + answer);
    }

    @Test
    @Order(3)
    void a_malformed_message_is_dropped_and_the_consumer_goes_on() throws Exception {
        JavaClients.Inbox client = chatClient(user("carl"));

        publish("{this is not json");
        publish("{\"nsp\": \"/nowhere\", \"event\": \"lost\"}");
        publish("{\"nsp\": \"/chat\", \"event\": \"disconnect\"}");
        publish("{\"nsp\": \"/chat\", \"event\": \"after\", \"args\": [\"good\"]}");

        assertEquals("good", client.expect("after", 15)[0], "the good message after three bad ones");
        try (Channel channel = broker.createChannel()) {
            AMQP.Queue.DeclareOk queue = channel.queueDeclarePassive(INBOUND);
            assertEquals(0, queue.getMessageCount(), "the bad messages are not back in the queue");
            assertEquals(1, queue.getConsumerCount(), "the server still consumes");
        }
        // a redelivered poison message would count again
        assertEquals(3, metric("socketio_mq_emits_refused_total"), "each bad message refused once");
    }

    /** One of our series in the server's Prometheus text. */
    private long metric(String name) throws Exception {
        return (long) ServerMetrics.value(http, base.getPort(), name);
    }

    // ---------------------------------------------------------------- REST

    @Test
    @Order(4)
    void post_api_emit_needs_a_token_with_the_emitter_role() throws Exception {
        JavaClients.Inbox client = chatClient(user("dora"));
        String body = "{\"nsp\": \"/chat\", \"event\": \"rest\", \"args\": [\"via REST\"]}";

        HttpResponse<String> missing = postEmit(null, body);
        assertEquals(401, missing.statusCode(), missing.body());
        HttpResponse<String> forged = postEmit("Bearer not.a.token", body);
        assertEquals(401, forged.statusCode(), forged.body());
        HttpResponse<String> wrongRole = postEmit("Bearer " + Deployments.token("svc", "chat-user"), body);
        assertEquals(403, wrongRole.statusCode(), wrongRole.body());
        HttpResponse<String> malformed = postEmit("Bearer " + Deployments.token("svc", EMITTER_ROLE), "{\"nsp\": \"/chat\"}");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertEquals("event is required: a non-empty string", parse(malformed.body()).getString("error"));

        HttpResponse<String> good = postEmit("Bearer " + Deployments.token("svc", EMITTER_ROLE), body);
        assertEquals(202, good.statusCode(), good.body());
        assertEquals("via REST", client.expect("rest")[0], "the refused calls emitted nothing before");
    }

    // ---------------------------------------------------------------- outbound

    @Test
    @Order(5)
    void an_accepted_client_event_reaches_a_consumer_with_its_routing_key_and_body() throws Exception {
        String erin = user("erin");
        JavaClients.Inbox client = chatClient(erin);
        join(client, "lobby");
        try (Channel channel = broker.createChannel()) {
            channel.exchangeDeclare(OUTBOUND, BuiltinExchangeType.TOPIC, true);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, OUTBOUND, "chat.#");

            Object refused = plain(call(client.socket(), "roomMessage", "not an object")[0]);
            assertEquals(false, ((Map<?, ?>) refused).get("ok"), "the gateway refuses it: " + refused);
            Object ok = plain(call(client.socket(), "roomMessage", json("room", "lobby", "message", "hello"))[0]);
            assertTrue(JavaClients.acceptedRoomMessage(ok), "{ok: true, id}: " + ok);

            GetResponse message = next(channel, queue, 15);
            assertEquals("chat.roomMessage", message.getEnvelope().getRoutingKey());
            assertEquals(2, message.getProps().getDeliveryMode(), "persistent");
            JsonObject body = parse(new String(message.getBody(), StandardCharsets.UTF_8));
            assertEquals("/chat", body.getString("nsp"));
            assertEquals("roomMessage", body.getString("event"));
            assertEquals(Json.createArrayBuilder().add(Json.createObjectBuilder().add("room", "lobby").add("message", "hello")).build(),
                    body.getJsonArray("args"), "the first message is the accepted one, without the acknowledgement");
            assertEquals(client.socket().id(), body.getJsonObject("socket").getString("id"));
            assertEquals(Json.createObjectBuilder().add("id", erin).add("name", erin).build(),
                    body.getJsonObject("socket").getJsonObject("user"));
            long ts = body.getJsonNumber("ts").longValue();
            assertTrue(Math.abs(System.currentTimeMillis() - ts) < 60_000, "ts in epoch ms: " + ts);
        }
    }

    /** The next message of a queue, polled for at most {@code seconds}. */
    private static GetResponse next(Channel channel, String queue, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            GetResponse response = channel.basicGet(queue, true);
            if (response != null) return response;
            Thread.sleep(20);
        }
        fail("no message in " + queue + " within " + seconds + " s");
        return null;
    }

    // ---------------------------------------------------------------- faults

    @Test
    @Order(6)
    void after_a_broker_restart_the_durable_queue_is_there_and_both_directions_recover() throws Exception {
        JavaClients.Inbox client = chatClient(user("fay"));
        join(client, "lobby");
        broker.close(2_000);

        assertEquals("ok", awaitMqReadiness(true, 30), "ready before the restart");
        rabbitmqctl("stop_app");
        try {
            assertNull(tryConnect(), "the broker is stopped");
            String down = awaitMqReadiness(false, 30);
            assertTrue(down.startsWith("RabbitMQ connection lost"), "not ready while the broker is away: " + down);
        } finally {
            rabbitmqctl("start_app");
            rabbitmqctl("await_startup");
        }
        broker = connectWithin(30);
        try (Channel channel = broker.createChannel()) {
            assertNotNull(channel.queueDeclarePassive(INBOUND), "the durable inbound queue survived");
        }

        // published at once: the server may still be reconnecting; the queue keeps it until it is back
        publish("{\"nsp\": \"/chat\", \"rooms\": [\"lobby\"], \"event\": \"afterRestart\", \"args\": [1]}");
        assertEquals(1, client.expect("afterRestart", RECOVERY_SECONDS)[0]);
        assertEquals("ok", awaitMqReadiness(true, RECOVERY_SECONDS), "ready again");

        try (Channel channel = broker.createChannel()) {
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, OUTBOUND, "chat.roomMessage");
            Object again = plain(call(client.socket(), "roomMessage", json("room", "lobby", "message", "again"))[0]);
            assertTrue(JavaClients.acceptedRoomMessage(again), "{ok: true, id}: " + again);
            JsonObject body = parse(new String(next(channel, queue, RECOVERY_SECONDS).getBody(), StandardCharsets.UTF_8));
            assertEquals("again", body.getJsonArray("args").getJsonObject(0).getString("message"));
        }
    }

    /**
     * Polls the readiness condition {@code mq} until it is (or is no longer) "ok", for at most
     * {@code seconds}; returns its last value. Payara serves health on the HTTP port, WildFly on its
     * management port.
     */
    private String awaitMqReadiness(boolean ok, long seconds) throws Exception {
        URI uri = Deployments.health(base.getPort(), "/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String value;
        do {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject check = parse(response.body()).getJsonArray("checks").stream().map(v -> v.asJsonObject())
                    .filter(c -> "socketio".equals(c.getString("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no socketio check in " + response.body()));
            value = check.getJsonObject("data").getString("mq", "(no mq condition)");
            if (value.equals("ok") == ok) return value;
            Thread.sleep(200); // polling a condition, bounded by the deadline
        } while (System.nanoTime() < deadline);
        return value;
    }

    private static Connection tryConnect() {
        try {
            return factory().newConnection("mq-it-probe");
        } catch (IOException | TimeoutException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- rate

    @Test
    @Order(7)
    void inbound_rate_through_the_broker_to_a_client() throws Exception {
        JavaClients.Inbox client = chatClient(user("gus"));
        join(client, "bench");
        AtomicInteger received = new AtomicInteger();
        client.socket().on("bench", args -> received.incrementAndGet());

        // a tenth first, so the JIT has compiled the path before it is measured
        int warmUp = Math.max(1, BENCH_MESSAGES / 10);
        publishAndAwait(warmUp, received);
        Duration cpuBefore = serverCpu();
        long start = System.nanoTime();
        publishAndAwait(BENCH_MESSAGES, received);
        double seconds = (System.nanoTime() - start) / 1e9;
        Duration cpuAfter = serverCpu();
        String cpu = cpuBefore == null || cpuAfter == null ? "server CPU not found"
                : String.format("server CPU %.1f µs per message", cpuAfter.minus(cpuBefore).toNanos() / 1e3 / BENCH_MESSAGES);
        System.out.printf("MessageQueueIT: %d messages (after %d to warm up) through RabbitMQ to a client in %.2f s: %.0f messages/s, %s%n",
                BENCH_MESSAGES, warmUp, seconds, BENCH_MESSAGES / seconds, cpu);
    }

    /** Publishes {@code count} emit requests to the room "bench" (confirmed by the broker) and waits until the client has them all. */
    private void publishAndAwait(int count, AtomicInteger received) throws Exception {
        byte[] body = "{\"nsp\": \"/chat\", \"rooms\": [\"bench\"], \"event\": \"bench\", \"args\": [{\"n\": 1, \"text\": \"0123456789abcdef0123456789abcdef\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        int target = received.get() + count;
        try (Channel channel = broker.createChannel()) {
            channel.confirmSelect();
            for (int i = 0; i < count; i++) {
                channel.basicPublish(INBOUND, "bench", MessageProperties.PERSISTENT_TEXT_PLAIN, body);
                if (i % 1_000 == 999) channel.waitForConfirmsOrDie(30_000);
            }
            channel.waitForConfirmsOrDie(30_000);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (received.get() < target && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(target, received.get(), "bench events received");
    }

    /** The CPU time of the Payara Micro running this test's WAR (found by its command line), or null elsewhere. */
    private static Duration serverCpu() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("payara-micro") && c.contains("mq-it")).orElse(false))
                .findFirst().flatMap(p -> p.info().totalCpuDuration()).orElse(null);
    }
}
