package dev.sio.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connection state recovery across nodes: two Payara Micro processes with the product WAR
 * ({@code socketio.adapter=redis}, then {@code redis-sharded}; one local Redis, a key prefix of their
 * own, window 20 s on /recovery). The stock JavaScript client connects to node A through a failover proxy and joins a
 * room; node A is killed with SIGKILL; node B broadcasts to the room meanwhile; the client reconnects
 * by itself, now to node B (see {@code src/test/js/cluster/cross-node-recovery.mjs}). It must come back
 * recovered, with the same id and rooms, and every missed message exactly once, in order.
 */
class CrossNodeRecoveryIT {

    private static final int MISSED = 50;
    private static final File JS = new File("src/test/js");

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** In both modes of the Redis adapter (the sharded one publishes stored broadcasts with SPUBLISH from the append script). */
    @ParameterizedTest
    @ValueSource(strings = {"redis", "redis-sharded"})
    void aClientOfADeadNodeRecoversOnAnotherNodeWithEveryMissedMessageOnce(String adapter) throws Exception {
        String prefix = "xrec-" + System.nanoTime();
        String settings = Deployments.CONFORMANCE_SETTINGS + Deployments.authSettings() + String.join("\n",
                "socketio.adapter=" + adapter, "socketio.redis.uri=redis://127.0.0.1:6379", "socketio.redis.key-prefix=" + prefix,
                "socketio.recovery.max-disconnection-duration=20000",
                // not the conformance suite's 300 + 200 ms: two Payara nodes that have just started on a
                // loaded machine can stall longer than that, and a client that then times out its pings
                // drops its pending acknowledgements (seen once in CI). The client learns of the dead
                // node from the proxy's closed connection, not from the heartbeat.
                "socketio.ping-interval=2000", "socketio.ping-timeout=5000", "");
        File war = new File(new File(System.getProperty("sio.build.dir", "target")), "xrecovery-it.war").getAbsoluteFile();
        Deployments.productWar("xrecovery-it", settings).as(ZipExporter.class).exportTo(war, true);

        int portA = freePort();
        int portB = freePort();
        Process a = payara(war, portA, "a");
        Process b = payara(war, portB, "b");
        awaitApplication(portA, a);
        awaitApplication(portB, b);

        ProcessBuilder script = new ProcessBuilder("node", "cluster/cross-node-recovery.mjs",
                "http://127.0.0.1:" + portA, "http://127.0.0.1:" + portB, Long.toString(a.pid()), Integer.toString(MISSED))
                .directory(JS).redirectErrorStream(false);
        script.environment().putAll(Deployments.jsEnvironment());
        Process node = script.start();
        processes.add(node);
        assertTrue(node.waitFor(150, TimeUnit.SECONDS), "the client script finished");
        String out = new String(node.getInputStream().readAllBytes()).trim();
        String err = new String(node.getErrorStream().readAllBytes());
        assertEquals(0, node.exitValue(), out + "\n" + err);
        JsonObject seen = Json.createReader(new StringReader(out.substring(out.lastIndexOf('\n') + 1))).readObject();
        System.out.println("[cross-node recovery] " + seen);

        assertTrue(seen.getBoolean("recovered"), "socket.recovered: " + seen);
        assertTrue(seen.getBoolean("welcomeRecovered"), "the server saw a recovered socket: " + seen);
        assertEquals(seen.getString("idA"), seen.getString("idB"), "same socket id");
        assertEquals(seen.getString("idA"), seen.getString("clientId"));
        List<Integer> expected = IntStream.rangeClosed(0, MISSED + 1).boxed().toList();
        JsonArray received = seen.getJsonArray("received");
        assertEquals(expected, received.getValuesAs(jakarta.json.JsonNumber.class).stream().map(n -> n.intValue()).toList(),
                "every message once, in order (0 before the kill, 1.." + MISSED + " missed, " + (MISSED + 1) + " live after)");
        assertTrue(seen.getJsonArray("rooms").getValuesAs(jakarta.json.JsonString.class).stream()
                .anyMatch(r -> r.getString().equals("room1")), "rooms kept: " + seen);
    }

    private Process payara(File war, int port, String name) throws Exception {
        File jar = new File(System.getProperty("user.home"),
                ".m2/repository/fish/payara/extras/payara-micro/6.2025.10/payara-micro-6.2025.10.jar");
        assertTrue(jar.isFile(), "Payara Micro in the local Maven repository: " + jar);
        File log = new File(war.getParentFile(), "xrecovery-payara-" + name + ".log");
        Process p = new ProcessBuilder(javaBinary(), "-Xmx384m", "-jar", jar.getPath(), "--nocluster", "--port", Integer.toString(port),
                "--contextroot", "/", "--deploy", war.getPath())
                .redirectErrorStream(true).redirectOutput(log).start();
        processes.add(p);
        return p;
    }

    private static String javaBinary() {
        return new File(System.getProperty("java.home"), "bin/java").getPath();
    }

    /**
     * Until the application answers an Engine.IO handshake (Payara logs "ready" even after a failed deployment).
     * Two Payara Micro start at once here: on a loaded 2-core machine one took 106 s to deploy (seen twice
     * with 120 s as the limit), so the limit is far; a deployment that fails still fails at once (the
     * process exits) or here.
     */
    private static void awaitApplication(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "Payara on port " + port + " exited");
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(
                        "http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling").toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) return;
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the application on port " + port + " never answered");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
