package dev.sio.it;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.emitter.Emitter;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.sio.it.JavaClients.await;
import static dev.sio.it.JavaClients.json;
import static dev.sio.it.JavaClients.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The chat store on a real PostgreSQL (127.0.0.1:5432, trust authentication, database {@code test},
 * user postgres; {@code .ci/run} starts it when it does not answer): the product WAR, with the
 * datasource the deployment defines ({@link PostgresDataSource}) named by
 * {@code socketio.store.datasource}, on a Payara Micro process that is stopped and started again.
 * Room history and an unacknowledged private message survive the restart; the acknowledgement
 * removes it from the database.
 */
class PersistencePostgresIT {

    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";
    /** Generous: two Payara processes in a row on a loaded 2-core machine. */
    private static final long STEP_SECONDS = 30;

    private final List<Process> processes = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void freshSchema() throws SQLException {
        try (Connection c = postgres(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + PostgresDataSource.SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + PostgresDataSource.SCHEMA);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) s.close();
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void historyAndUnacknowledgedPrivateMessagesSurviveARestart() throws Exception {
        // the default timings (not the conformance suite's tight ones): two servers in a row on a loaded machine
        String settings = Deployments.authSettings()
                + "socketio.store.datasource=" + PostgresDataSource.JNDI + "\n";
        File war = new File(new File(System.getProperty("sio.build.dir", "target")), "persist-pg-it.war").getAbsoluteFile();
        Deployments.productWar("persist-pg-it", settings)
                .addClass(PostgresDataSource.class)
                .addAsLibraries(driverJar())
                .as(ZipExporter.class).exportTo(war, true);
        String room = "pg-" + UUID.randomUUID();
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();

        // first run: three room messages and a private message for bob, who is away
        int first = freePort();
        Process one = payara(war, first, "1");
        awaitStoreReady(first, one);
        Socket a = chat(first, alice);
        assertEquals(Map.of("ok", true), plain(call(a, "joinRoom", room)[0]));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JSONObject answer = (JSONObject) call(a, "roomMessage", json("room", room, "message", "before restart " + i))[0];
            assertEquals(true, answer.get("ok"), answer.toString());
            ids.add(answer.getString("id"));
        }
        JSONObject sent = (JSONObject) call(a, "privateMessage", json("to", bob, "message", "while you were away"))[0];
        assertEquals(true, sent.get("ok"), sent.toString());
        assertEquals(false, sent.get("delivered"), "bob is not connected: " + sent);
        awaitRows("SELECT COUNT(*) FROM sio_room_message WHERE room = ?", room, 3);
        awaitRows("SELECT COUNT(*) FROM sio_inbox WHERE recipient = ?", bob, 1);

        // stop (as an operator does: SIGTERM) and start again
        one.destroy();
        assertTrue(one.waitFor(60, TimeUnit.SECONDS), "Payara Micro stopped");
        int second = freePort();
        Process two = payara(war, second, "2");
        awaitStoreReady(second, two);

        Socket a2 = chat(second, alice);
        call(a2, "joinRoom", room);
        JSONObject history = (JSONObject) call(a2, "history", json("room", room))[0];
        assertEquals(true, history.get("ok"), history.toString());
        JSONArray messages = history.getJSONArray("messages");
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < messages.length(); i++) kept.add(messages.getJSONObject(i).getString("id"));
        assertEquals(ids, kept, "the history from before the restart, oldest first: " + history);
        assertEquals("before restart 0", messages.getJSONObject(0).getString("message"));
        assertEquals(alice, messages.getJSONObject(0).getJSONObject("user").getString("id"));

        CompletableFuture<Object[]> delivered = new CompletableFuture<>();
        Socket b = socket(second, bob);
        b.on("privateMessage", delivered::complete);
        connect(b);
        Object[] got = await(delivered, "bob's private message after the restart", STEP_SECONDS);
        JSONObject message = (JSONObject) got[0];
        assertEquals(sent.getString("id"), message.getString("id"));
        assertEquals("while you were away", message.getString("message"));
        assertEquals(alice, message.getJSONObject("from").getString("id"));
        assertInstanceOf(Ack.class, got[got.length - 1], "asked to acknowledge it");
        assertEquals(1, count("SELECT COUNT(*) FROM sio_inbox WHERE recipient = ?", bob), "kept until acknowledged");
        ((Ack) got[got.length - 1]).call(json("ok", true));
        awaitRows("SELECT COUNT(*) FROM sio_inbox WHERE recipient = ?", bob, 0);
    }

    @Test
    void withTheDatabaseDownLiveChatGoesOnAndWhatCannotBeKeptIsRefused() throws Exception {
        String settings = Deployments.authSettings() + "socketio.store.datasource=" + UnreachableDataSource.JNDI + "\n";
        File war = new File(new File(System.getProperty("sio.build.dir", "target")), "persist-down-it.war").getAbsoluteFile();
        Deployments.productWar("persist-down-it", settings)
                .addClass(UnreachableDataSource.class)
                .addAsLibraries(driverJar())
                .as(ZipExporter.class).exportTo(war, true);
        int port = freePort();
        Process payara = payara(war, port, "down");
        // the store's check down, the server's own up: it serves clients
        String readiness = awaitReadiness(port, payara, answer -> answer.startsWith("503")
                && answer.contains("\"name\":\"socketio-store\",\"status\":\"DOWN\"") && answer.contains("\"name\":\"socketio\",\"status\":\"UP\""));
        assertTrue(readiness.contains(UnreachableDataSource.JNDI), "names the datasource: " + readiness);

        String room = "down-" + UUID.randomUUID();
        Socket alice = chat(port, "alice-" + UUID.randomUUID());
        String bobId = "bob-" + UUID.randomUUID();
        CompletableFuture<Object[]> atBob = new CompletableFuture<>();
        CompletableFuture<Object[]> roomMessageAtBob = new CompletableFuture<>();
        Socket bob = socket(port, bobId);
        bob.on("privateMessage", atBob::complete);
        bob.on("message", roomMessageAtBob::complete);
        connect(bob);
        call(alice, "joinRoom", room);
        call(bob, "joinRoom", room);

        JSONObject said = (JSONObject) call(alice, "roomMessage", json("room", room, "message", "still live"))[0];
        assertEquals(true, said.get("ok"), "a room message is delivered without its history: " + said);
        assertEquals("still live", ((JSONObject) await(roomMessageAtBob, "the room message at bob", STEP_SECONDS)[0]).getString("message"));
        assertEquals(Map.of("ok", false, "error", "history unavailable"), plain(call(alice, "history", json("room", room))[0]));
        assertEquals(Map.of("ok", false, "error", "not stored"),
                plain(call(alice, "privateMessage", json("to", "nobody-" + UUID.randomUUID(), "message", "lost?"))[0]),
                "a message for someone away that cannot be kept is refused, not dropped");
        JSONObject live = (JSONObject) call(alice, "privateMessage", json("to", bobId, "message", "live only"))[0];
        assertEquals(true, live.get("ok"), live.toString());
        assertEquals(true, live.get("delivered"), live.toString());
        assertEquals(false, live.get("stored"), "said to be not kept: " + live);
        assertEquals("live only", ((JSONObject) await(atBob, "bob's private message", STEP_SECONDS)[0]).getString("message"));
    }

    // ---- PostgreSQL ----

    private static Connection postgres() throws SQLException {
        try {
            return DriverManager.getConnection(JDBC + "?currentSchema=" + PostgresDataSource.SCHEMA, "postgres", "");
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL does not answer at " + JDBC + " (start it: pg_ctlcluster --skip-systemctl-redirect "
                    + "$(ls /etc/postgresql) main start)", e);
        }
    }

    private static long count(String sql, String value) throws SQLException {
        try (Connection c = postgres(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Until the query counts {@code expected} rows (the store writes behind), for at most {@value #STEP_SECONDS} s. */
    private static void awaitRows(String sql, String value, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = count(sql, value);
            if (last == expected) return;
            Thread.sleep(100);
        }
        fail(sql + " [" + value + "]: " + last + " rows, expected " + expected + " within " + STEP_SECONDS + " s");
    }

    private static File driverJar() {
        File jar = new File(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        assertTrue(jar.isFile(), "the PostgreSQL driver jar: " + jar);
        return jar;
    }

    // ---- Payara Micro ----

    private Process payara(File war, int port, String name) throws Exception {
        String version = System.getProperty("sio.payara.version", "6.2025.10");
        File jar = new File(System.getProperty("user.home"),
                ".m2/repository/fish/payara/extras/payara-micro/" + version + "/payara-micro-" + version + ".jar");
        assertTrue(jar.isFile(), "Payara Micro in the local Maven repository: " + jar);
        File log = new File(war.getParentFile(), "persist-pg-payara-" + name + ".log");
        Process p = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx384m", "-jar", jar.getPath(),
                "--nocluster", "--port", Integer.toString(port), "--contextroot", "/", "--deploy", war.getPath())
                .redirectErrorStream(true).redirectOutput(log).start();
        processes.add(p);
        return p;
    }

    /** Until readiness says the store is up (Payara logs "ready" even after a failed deployment), at most 180 s. */
    private static void awaitStoreReady(int port, Process process) throws Exception {
        awaitReadiness(port, process, answer -> answer.startsWith("200") && answer.contains("socketio-store"));
    }

    /** Until the readiness answer ("status body") passes the test, at most 180 s; that answer. */
    private static String awaitReadiness(int port, Process process, java.util.function.Predicate<String> test) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        String last = "";
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "Payara on port " + port + " exited");
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health/ready").toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(5000);
                int status = c.getResponseCode();
                java.io.InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream();
                last = status + " " + (body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
                if (test.test(last)) return last;
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail("readiness on port " + port + " not as expected within 180 s; last answer: " + last);
        return last;
    }

    // ---- clients ----

    private Socket socket(int port, String sub) {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.transports = new String[]{"websocket"};
        options.timeout = TimeUnit.SECONDS.toMillis(STEP_SECONDS);
        options.auth = Map.of("token", Deployments.token(sub));
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + port + "/chat"), options);
        sockets.add(socket);
        return socket;
    }

    private Socket chat(int port, String sub) throws Exception {
        return connect(socket(port, sub));
    }

    private static Socket connect(Socket socket) throws Exception {
        CompletableFuture<Object[]> connected = new CompletableFuture<>();
        Emitter.Listener refused = args -> connected.completeExceptionally(new AssertionError("connect_error: " + java.util.Arrays.toString(args)));
        socket.once(Socket.EVENT_CONNECT, connected::complete).once(Socket.EVENT_CONNECT_ERROR, refused);
        socket.connect();
        await(connected, "connect", STEP_SECONDS);
        return socket;
    }

    /** Emits with an acknowledgement request; the acknowledgement's arguments. */
    private static Object[] call(Socket socket, String event, Object... args) throws InterruptedException {
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        Object[] withAck = java.util.Arrays.copyOf(args, args.length + 1);
        withAck[args.length] = (Ack) answer::complete;
        socket.emit(event, withAck);
        return await(answer, "acknowledgement of '" + event + "'", STEP_SECONDS);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
