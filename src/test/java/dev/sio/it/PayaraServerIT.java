package dev.sio.it;

import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Payara Server guide (docs/deploying.md), run for real (mvn verify -Ppayara-server): a fresh domain of the
 * full Payara Server (the profile unpacks it into the build folder) on 127.0.0.1 and the ports the
 * profile reserved, the boot commands of server-config/payara/ run on it with asadmin, every
 * setting the tests need given as a domain-level MicroProfile Config property
 * ({@code asadmin set-config-property --source=domain}), and {@code asadmin deploy --contextroot /}
 * of the product WAR with the test gateways. The WAR carries no microprofile-config.properties, so
 * the suite passing also shows that the settings reached the application from the domain. Then the
 * socket.io-client suite that NodeClientIT runs on Payara Micro; the domain is stopped at the end,
 * also when something failed.
 */
class PayaraServerIT {

    private static final String DOMAIN = "sio";
    private static final String APP = "socketio-jakarta";
    /** The longest any one asadmin command may take here (start-domain on a loaded 2-core machine: ~40 s). */
    private static final int ASADMIN_TIMEOUT_SECONDS = 300;

    private static final File BUILD_DIR = new File(System.getProperty("sio.build.dir", "target")).getAbsoluteFile();
    private static final Path DOMAINS = BUILD_DIR.toPath().resolve("payara-server-domains");
    /** Everything asadmin printed, in order: the first place to look when a step failed. */
    private static final Path ASADMIN_LOG = BUILD_DIR.toPath().resolve("payara-server-asadmin.log");
    private static final Path SERVER_LOG = DOMAINS.resolve(DOMAIN + "/logs/server.log");

    private static Path asadmin;
    private static int adminPort;
    private static URI base;
    private static volatile boolean domainStarting;
    private static volatile boolean domainStopped;

    @BeforeAll
    static void startDomainAndDeploy() throws Exception {
        asadmin = Path.of(required("payara.server.home"), "bin", "asadmin");
        adminPort = port("admin");
        int httpPort = port("http");
        deleteRecursively(DOMAINS);
        Files.createDirectories(BUILD_DIR.toPath());
        Files.writeString(ASADMIN_LOG, "");

        local("--user", "admin", "create-domain", "--nopassword", "--domaindir", DOMAINS.toString(),
                "--adminport", String.valueOf(adminPort), "--instanceport", String.valueOf(httpPort),
                "--hazelcastdasport", String.valueOf(port("hazelcast.das")),
                "--hazelcaststartport", String.valueOf(port("hazelcast.start")),
                // every other listener too: the defaults (3700, 7676, 8181, 8686...) may be taken
                "--domainproperties", String.join(":",
                        "http.ssl.port=" + port("https"),
                        "domain.jmxPort=" + port("jmx"),
                        "java.debugger.port=" + port("debug"),
                        "jms.port=" + port("jms"),
                        "orb.listener.port=" + port("iiop"),
                        "orb.ssl.port=" + port("iiop.ssl"),
                        "orb.mutualauth.port=" + port("iiop.mutualauth"),
                        "osgi.shell.telnet.port=" + port("osgi")),
                DOMAIN);
        loopbackOnly(DOMAINS.resolve(DOMAIN + "/config/domain.xml"));
        // should the test JVM be killed (a failsafe timeout, Ctrl-C), the domain goes with it
        Runtime.getRuntime().addShutdownHook(new Thread(PayaraServerIT::killDomain, "stop-payara-domain"));
        domainStarting = true;
        local("start-domain", "--domaindir", DOMAINS.toString(), DOMAIN);

        // docs/deploying.md: the domain's version of the Payara settings (its listeners are named
        // http-listener-1/-2); they change the HTTP listeners, so the domain restarts to build them afresh
        remote("multimode", "--file", required("sio.domain.commands"));
        local("restart-domain", "--domaindir", DOMAINS.toString(), DOMAIN);
        // the settings the tests need, as domain-level MicroProfile Config properties: one asadmin
        // command each, run in one asadmin session (each asadmin start costs seconds here)
        StringBuilder settings = new StringBuilder();
        for (String line : (Deployments.CONFORMANCE_SETTINGS + Deployments.authSettings()).split("\n")) {
            if (line.isBlank()) continue;
            int eq = line.indexOf('=');
            // single quotes keep the JWKS's double quotes (asadmin splits a command file's lines like a shell)
            settings.append("set-config-property --source=domain --propertyName=").append(line, 0, eq)
                    .append(" --propertyValue='").append(line.substring(eq + 1)).append("'\n");
        }
        Path settingsFile = BUILD_DIR.toPath().resolve("payara-server-settings.asadmin");
        Files.writeString(settingsFile, settings);
        remote("multimode", "--file", settingsFile.toString());
        File war = new File(BUILD_DIR, "payara-server-it.war");
        Deployments.productWarWithTestGateways("payara-server-it").as(ZipExporter.class).exportTo(war, true);
        remote("deploy", "--contextroot", "/", "--name", APP, war.getPath());

        base = URI.create("http://127.0.0.1:" + httpPort + "/");
        // docs/deploying.md's check that the application, not only the server, is up
        HttpResponse<String> handshake = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("socket.io/?EIO=4&transport=polling")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, handshake.statusCode(), "the handshake on Payara Server: " + handshake.body() + " (see " + SERVER_LOG + ")");
    }

    @AfterAll
    static void stopDomain() throws Exception {
        if (!domainStarting || domainStopped) return;
        try {
            local("stop-domain", "--domaindir", DOMAINS.toString(), DOMAIN);
            domainStopped = true;
        } finally {
            killDomain(); // only does something if stop-domain failed
        }
    }

    @Test
    void theReferenceJsClientSuitePassesOverWebSocketOnly() throws Exception {
        JsSuite.assertPasses(base, "websocket", "over WebSocket on Payara Server; see also " + SERVER_LOG);
    }

    @Test
    void theReferenceJsClientSuitePassesWithTheDefaultPollingThenUpgrade() throws Exception {
        JsSuite.assertPasses(base, "polling,websocket", "with polling + upgrade on Payara Server; see also " + SERVER_LOG);
    }

    // ---- asadmin ----

    /** A local asadmin command (create-domain, start-domain, stop-domain). */
    private static void local(String... args) throws Exception {
        run(List.of(args));
    }

    /** A command for the running domain, through its admin port on loopback (no password: --nopassword). */
    private static void remote(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", String.valueOf(adminPort), "--user", "admin"));
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(asadmin.toString());
        command.addAll(args);
        Files.writeString(ASADMIN_LOG, "\n" + Instant.now() + " $ asadmin " + String.join(" ", args) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(ASADMIN_LOG.toFile()));
        // the domain runs on the JDK the tests run on (asadmin would otherwise take `java` from the PATH)
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        builder.environment().put("TERM", "dumb");
        Process process = builder.start();
        if (!process.waitFor(ASADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("asadmin " + args + " did not finish in " + ASADMIN_TIMEOUT_SECONDS + " s; see " + ASADMIN_LOG);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("asadmin " + args + " failed (exit " + process.exitValue() + "):\n" + tail(ASADMIN_LOG, 15)
                    + "\nsee " + ASADMIN_LOG + " and " + SERVER_LOG);
        }
    }

    /** Kills the domain's JVM by the pid it wrote, if it still runs: the fallback when stop-domain did not work. */
    private static void killDomain() {
        if (!domainStarting || domainStopped) return;
        Path pidFile = DOMAINS.resolve(DOMAIN + "/config/pid");
        try {
            if (!Files.isRegularFile(pidFile)) return;
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
            });
            domainStopped = true;
        } catch (IOException | RuntimeException e) {
            System.err.println("could not stop the Payara Server domain (pid file " + pidFile + "): " + e);
        }
    }

    // ---- the domain ----

    /**
     * Binds the new domain's HTTP, admin, IIOP and JMX listeners to 127.0.0.1 (tests talk to loopback
     * only) and switches its Hazelcast data grid off, as Payara Micro's --nocluster does. Done in
     * domain.xml before the first start: the template leaves the HTTP and admin listeners without an
     * address (all interfaces) and the IIOP and JMX ones on 0.0.0.0. One listener stays on every
     * interface, on its reserved port: the embedded JMS broker's lazy one, which Payara adds to the
     * configuration only at the first start (nothing here connects to it).
     */
    private static void loopbackOnly(Path domainXml) throws IOException {
        String hazelcast = "<hazelcast-config-specific-configuration></hazelcast-config-specific-configuration>";
        String xml = Files.readString(domainXml)
                .replace("<network-listener port=", "<network-listener address=\"127.0.0.1\" port=")
                .replace("address=\"0.0.0.0\"", "address=\"127.0.0.1\"")
                .replace(hazelcast, "<hazelcast-config-specific-configuration enabled=\"false\"></hazelcast-config-specific-configuration>");
        // a later template may be laid out otherwise: then fail here rather than listen on every interface
        Matcher listener = Pattern.compile("<(network-listener|iiop-listener|jmx-connector) [^>]*>").matcher(xml);
        int listeners = 0;
        while (listener.find()) {
            listeners++;
            if (!listener.group().contains("address=\"127.0.0.1\"")) {
                throw new AssertionError("not bound to loopback: " + listener.group() + "; adapt loopbackOnly() to " + domainXml);
            }
        }
        if (listeners < 3 || xml.contains(hazelcast) || !xml.contains("enabled=\"false\"></hazelcast-config-specific-configuration>")) {
            throw new AssertionError("domain.xml is not laid out as expected; adapt loopbackOnly() to " + domainXml);
        }
        Files.writeString(domainXml, xml);
    }

    private static int port(String name) {
        return Integer.parseInt(required("payara.server." + name + ".port"));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is not set: run this test with mvn verify -Ppayara-server");
        }
        return value;
    }

    private static String tail(Path file, int lines) throws IOException {
        List<String> all = Files.readAllLines(file);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
