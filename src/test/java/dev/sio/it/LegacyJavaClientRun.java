package dev.sio.it;

import org.json.JSONException;
import org.json.JSONObject;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs src/test/java-legacy/LegacyJavaClient.java, the stock Java client 1.x (socket.io-client
 * 1.0.2, Engine.IO 3), in a JVM of its own: the test classpath has the 2.x client, whose packages
 * are the same. Its jars are copied to target/legacy-java-client by the pom's copy-legacy-java-client
 * execution (pre-integration-test). The program prints one JSON object a line per event it saw;
 * {@link #run} returns them, with its exit code, for the test to assert on.
 */
final class LegacyJavaClientRun {

    /** The bound of the whole run; the program ends itself after 180 s (a watchdog). */
    private static final long RUN_SECONDS = 240;

    private static final File SOURCE = new File("src/test/java-legacy/LegacyJavaClient.java");

    /** What the program printed (its JSON lines up to "done"), its exit code, and its whole output for failure messages. */
    record Result(List<JSONObject> lines, int exitCode, String output) {

        /** The lines of one client (alice, bob, ...), in order. */
        List<JSONObject> of(String client) {
            return lines.stream().filter(line -> client.equals(line.optString("client"))).toList();
        }

        /** The lines of one client and event. */
        List<JSONObject> of(String client, String event) {
            return of(client).stream().filter(line -> event.equals(line.optString("event"))).toList();
        }
    }

    /** The chat users the program signs in as, with valid tokens (display name = sub, see Deployments#token). */
    static final Map<String, String> USERS = Map.of(
            "alice", "alice-v1-" + UUID.randomUUID(),
            "bob", "bob-v1-" + UUID.randomUUID(),
            "carol", "carol-v1-" + UUID.randomUUID(),
            "dave", "dave-v1-" + UUID.randomUUID(),
            "warmup", "warmup-v1-" + UUID.randomUUID());

    private LegacyJavaClientRun() {
    }

    static Result run(URI base, String transports, int maxPayload) throws Exception {
        File buildDir = new File(System.getProperty("sio.build.dir", "target")).getAbsoluteFile();
        File jars = new File(buildDir, "legacy-java-client");
        assertTrue(new File(jars, "socket.io-client-1.0.2.jar").isFile(),
                "the Java client 1.x is copied to " + jars + " in pre-integration-test (execution copy-legacy-java-client of the pom)");
        File output = new File(buildDir, "java-v1-" + transports.replace(',', '-') + ".out");
        String origin = base.getScheme() + "://" + base.getAuthority();
        String path = (base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/") + "socket.io";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", jars.getPath() + File.separator + "*",
                SOURCE.getPath(), origin, path, transports))
                // to a file: raw output on the forked JVM's stdout would corrupt failsafe's stream
                .redirectErrorStream(true).redirectOutput(output);
        Map<String, String> env = builder.environment();
        USERS.forEach((name, sub) -> env.put(name.toUpperCase() + "_TOKEN", Deployments.token(sub)));
        // well formed, signed by a key the deployment does not know
        env.put("BAD_TOKEN", Deployments.token(Deployments.rsa("unknown-" + UUID.randomUUID()), Deployments.ISSUER, "mallory", 600));
        env.put("MAX_PAYLOAD", Integer.toString(maxPayload));
        Process process = builder.start();
        try {
            boolean finished = process.waitFor(RUN_SECONDS, TimeUnit.SECONDS);
            String text = Files.readString(output.toPath());
            if (!finished) throw new AssertionError("the Java client 1.x did not finish in " + RUN_SECONDS + " s:\n" + text);
            List<JSONObject> lines = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (!line.startsWith("{")) continue;
                JSONObject event;
                try {
                    event = new JSONObject(line);
                } catch (JSONException notOurs) {
                    continue; // a log line of the client that happens to start with a brace
                }
                lines.add(event);
                // what follows is the program closing its sockets
                if ("done".equals(event.optString("event"))) break;
            }
            return new Result(lines, process.exitValue(), text);
        } finally {
            process.destroyForcibly();
        }
    }
}
