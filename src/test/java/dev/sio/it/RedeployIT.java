package dev.sio.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Graceful shutdown on one running Payara Micro 6: the WAR is deployed, undeployed and deployed
 * again twice while stock socket.io-client connections (WebSocket and long-polling, reconnection
 * on) stay through it. Checks what the clients see at each undeployment ("transport close", a
 * WebSocket closed with 1001) and that they reconnect once the application is back, and, counted
 * from inside the server, that no thread of an undeployed application is left running.
 *
 * <p>Not an Arquillian test: the Payara Micro connector starts a new server per deployment. The
 * server runs in its own JVM through Payara Micro's API ({@code src/test/micro/MicroControl.java},
 * source-file mode, only payara-micro.jar on its class path), which deploys and undeploys on
 * command and counts threads by name.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RedeployIT {

    private static final String APP = "redeploy";
    private static final int CLIENTS = 6;
    /** Every thread this application starts is named so (the timer, Tyrus's plain scheduler, JWKS fetches). */
    private static final String OUR_THREADS = "socketio-";
    private static final Duration STEP = Duration.ofSeconds(60);

    private static Process server;
    private static Writer serverInput;
    private static final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private static int port;
    private static File war;
    private static final HttpClient http = HttpClient.newHttpClient();

    private static Process clients;
    private static Writer clientsInput;
    private static final List<JsonObject> clientEvents = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        // Payara Micro 6 only (the default build): the WildFly profile has no payara-micro jar, and
        // MicroControl was not tried on Payara Micro 7 (its module openings may differ)
        String jar = payaraMicroJar();
        Assumptions.assumeTrue(jar != null && new File(jar).getName().startsWith("payara-micro-6."),
                "RedeployIT runs on Payara Micro 6 only (the default profile); payara-micro on the class path: " + jar);
        File build = new File(System.getProperty("sio.build.dir", "target")).getAbsoluteFile();
        war = new File(build, "redeploy-it.war");
        // default heartbeat (25 s): a polling client is then almost always parked on a GET, which the
        // shutdown answers with a CLOSE packet (a client caught between two polls would see its next
        // poll refused instead: "transport error", after which it reconnects as well)
        Deployments.productWar(APP, Deployments.authSettings() + "socketio.bench.enabled=true\n")
                .as(ZipExporter.class).exportTo(war, true);
        File root = new File(build, "redeploy-micro");
        deleteTree(root);
        Files.createDirectories(root.toPath());
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(PayaraOpens.ARGS);
        command.addAll(List.of("-Xmx512m", "-cp", jar, new File("src/test/micro/MicroControl.java").getAbsolutePath(),
                String.valueOf(port), root.getPath()));
        File log = new File(build, "redeploy-micro.log");
        server = new ProcessBuilder(command).redirectError(log).start();
        serverInput = new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> readLines(server, answers::add), "redeploy-it-server-reader");
        reader.setDaemon(true);
        reader.start();
        String ready = answers.poll(5, TimeUnit.MINUTES);
        assertEquals("ok ready", ready, "Payara Micro did not start; see " + log);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (clients != null) {
            clients.destroy();
            clients.waitFor(10, TimeUnit.SECONDS);
            clients.destroyForcibly();
        }
        if (server != null) {
            try {
                command("quit");
            } catch (Throwable ignored) {
                // it may be gone already
            }
            if (!server.waitFor(60, TimeUnit.SECONDS)) server.destroyForcibly();
        }
    }

    @Test
    void clientsReconnectAfterEachRedeploymentAndNoThreadOfAnUndeployedApplicationIsLeft() throws Exception {
        assertEquals("ok true", command("deploy " + APP + " " + war.getPath()));
        assertEquals(200, stats().statusCode(), "the application answers");
        startClients();
        awaitTrue(() -> connects() == CLIENTS, "every client connected once: " + clientEvents);
        List<String> oneDeployment = threads();
        assertTrue(!oneDeployment.isEmpty(), "the application's timer runs while clients are connected");
        assertEquals(CLIENTS, sessions(), "the server counts the clients");

        for (int round = 1; round <= 2; round++) {
            int connectsBefore = connects();
            int disconnectsExpected = CLIENTS * round;
            assertEquals("ok undeployed", command("undeploy " + APP));

            awaitTrue(() -> disconnects() == disconnectsExpected, "every client saw its connection end: " + clientEvents);
            for (JsonObject event : lastDisconnects()) {
                if ("polling".equals(event.getString("transport"))
                        && "transport error".equals(event.getString("reason"))) {
                    // Known gap (docs/shutdown.md): a polling request that reaches Payara while it
                    // undeploys the WAR (a POST, or a poll answer dispatched just before) is answered
                    // 503 by the container, not by us; the stock client calls that a transport error
                    // and reconnects all the same (asserted below)
                    assertEquals("503", event.getString("description", ""), event.toString());
                    continue;
                }
                // the stock client's reason for a 1001 close or a polling CLOSE packet; after it, it reconnects
                assertEquals("transport close", event.getString("reason"), event.toString());
                if ("websocket".equals(event.getString("transport"))) {
                    assertTrue(!event.isNull("code"), "the client saw a close frame: " + event);
                    assertEquals(1001, event.getInt("code"), "a WebSocket closed as going away: " + event);
                }
            }
            awaitTrue(() -> threads().isEmpty(), "no thread of the undeployed application left: " + threads());

            assertEquals("ok true", command("deploy " + APP + " " + war.getPath()));
            awaitTrue(() -> connects() == connectsBefore + CLIENTS, "every client reconnected: " + clientEvents);
        }

        // some of our threads start on first need (the polling transport's async-end timer): the new
        // deployment may not have needed one yet, but it never has more than one deployment's worth
        assertTrue(threads().size() <= oneDeployment.size() && oneDeployment.containsAll(threads()),
                "after two redeployments, at most the threads of one deployment: " + threads() + ", one deployment: " + oneDeployment);
        // the container's threads outlive the application: nothing of ours may stay in their
        // thread-locals (a WriteBatch left there kept each old deployment's classes loaded)
        String batches = command("instances dev.sio.engineio.websocket.WriteBatch");
        assertTrue(Integer.parseInt(batches.split(" ")[1]) <= 1, "WriteBatch instances of the live deployment only: " + batches);
        assertEquals("ok 1 1", command("instances dev.sio.cdi.SocketIoRuntime"), "one live runtime: the new deployment's");
        assertEquals(CLIENTS, sessions(), "the new deployment knows exactly the reconnected clients");

        Files.writeString(new File(System.getProperty("sio.build.dir", "target"), "redeploy-clients.jsonl").toPath(),
                String.join("\n", clientEvents.stream().map(Object::toString).toList()) + "\n");
        clientsInput.close(); // the clients disconnect and the script ends
        awaitTrue(() -> sessions() == 0, "sessions back to 0 once the clients left");
    }

    // ---- the clients (src/test/js/tools/shutdown-clients.mjs) ----

    private static void startClients() throws IOException {
        File js = new File("src/test/js");
        assertTrue(new File(js, "node_modules").isDirectory(), "run `npm ci --prefix src/test/js` first (.ci/run does)");
        ProcessBuilder node = new ProcessBuilder("node", "tools/shutdown-clients.mjs").directory(js)
                .redirectError(new File(System.getProperty("sio.build.dir", "target"), "redeploy-clients.err"));
        node.environment().put("SIO_URL", "http://127.0.0.1:" + port + "/" + APP + "/");
        node.environment().put("SHUTDOWN_CLIENTS", String.valueOf(CLIENTS));
        clients = node.start();
        clientsInput = new OutputStreamWriter(clients.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> readLines(clients, line -> {
            if (line.startsWith("{")) clientEvents.add(Json.createReader(new StringReader(line)).readObject());
        }), "redeploy-it-clients-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static int connects() {
        return (int) clientEvents.stream().filter(e -> e.getString("event").equals("connect")).count();
    }

    private static int disconnects() {
        return (int) clientEvents.stream().filter(e -> e.getString("event").equals("disconnect")).count();
    }

    /** The latest disconnect of each client. */
    private static List<JsonObject> lastDisconnects() {
        List<JsonObject> last = new ArrayList<>();
        for (int n = 0; n < CLIENTS; n++) {
            JsonObject found = null;
            for (JsonObject e : clientEvents) {
                if (e.getString("event").equals("disconnect") && e.getInt("n") == n) found = e;
            }
            if (found != null) last.add(found);
        }
        assertEquals(CLIENTS, last.size(), clientEvents.toString());
        return last;
    }

    // ---- the server ----

    /** Sends a command to MicroControl and returns its one-line answer. */
    private static synchronized String command(String line) throws Exception {
        serverInput.write(line + "\n");
        serverInput.flush();
        String answer = answers.poll(STEP.toSeconds() * 3, TimeUnit.SECONDS);
        if (answer == null) fail("no answer to '" + line + "'");
        return answer;
    }

    /** Our threads alive in the server, by name. */
    private static List<String> threads() {
        try {
            command("gc");
            String answer = command("threads " + OUR_THREADS);
            String[] parts = answer.split(" ", 3);
            int count = Integer.parseInt(parts[1]);
            return count == 0 ? List.of() : List.of(parts[2].split(","));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> stats() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + APP + "/bench/stats"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int sessions() {
        try {
            HttpResponse<String> response = stats();
            if (response.statusCode() != 200) return -1;
            return Json.createReader(new StringReader(response.body())).readObject().getInt("sessions");
        } catch (Exception e) {
            return -1;
        }
    }

    // ---- plumbing ----

    private static void awaitTrue(BooleanSupplier condition, Object what) throws InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("not within " + STEP.toSeconds() + " s: " + what);
            Thread.sleep(100);
        }
    }

    private static void readLines(Process process, java.util.function.Consumer<String> sink) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ok ") || line.startsWith("error ") || line.startsWith("{")) sink.accept(line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static String javaBin() {
        return new File(System.getProperty("java.home"), "bin/java").getPath();
    }

    private static String payaraMicroJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (new File(entry).getName().startsWith("payara-micro-") && entry.endsWith(".jar")) return entry;
        }
        return null;
    }

    private static void deleteTree(File dir) throws IOException {
        if (!dir.exists()) return;
        try (var paths = Files.walk(dir.toPath())) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The module openings that payara-micro.jar's manifest grants when it is run with java -jar. */
    private static final class PayaraOpens {
        static final List<String> ARGS;

        static {
            List<String> args = new ArrayList<>();
            for (String open : List.of("java.base/jdk.internal.loader", "java.base/java.lang", "java.base/java.net",
                    "java.base/java.nio", "java.base/java.util", "java.base/sun.nio.ch", "java.management/sun.management",
                    "jdk.management/com.sun.management.internal", "java.base/sun.net.www.protocol.jrt",
                    "java.base/sun.net.www.protocol.jar", "java.base/java.io", "java.naming/javax.naming.spi",
                    "java.rmi/sun.rmi.transport", "java.logging/java.util.logging", "java.management/javax.management",
                    "java.management/javax.management.openmbean")) {
                args.add("--add-opens");
                args.add(open + "=ALL-UNNAMED");
            }
            for (String export : List.of("java.base/jdk.internal.ref", "jdk.naming.dns/com.sun.jndi.dns", "java.naming/com.sun.jndi.ldap")) {
                args.add("--add-exports");
                args.add(export + "=ALL-UNNAMED");
            }
            ARGS = List.copyOf(args);
        }
    }
}
