package dev.sio.monitoring.adminui;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.EngineConfig;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.FakeTransport;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.ManualScheduler;
import dev.sio.socketio.server.PayloadMapper;
import dev.sio.socketio.server.SocketIoConfig;
import dev.sio.socketio.server.SocketIoServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Admin UI's protocol on a real Socket.IO server with fake transports: what an admin client
 * would read off its connection, message by message, as instrument() writes it.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AdminUiTest {

    static final String PASSWORD = "s3cret-admin";
    /** Cost 4: the lowest, so the tests stay fast; the form is what htpasswd -B writes. */
    static final String HASH = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, PASSWORD.toCharArray());

    private static final HandshakeInfo HANDSHAKE = new HandshakeInfo(
            Map.of("User-Agent", List.of("test"), "Authorization", List.of("Bearer secret-token")),
            Map.of("EIO", List.of("4"), "transport", List.of("websocket")), "127.0.0.1", "/socket.io/?EIO=4&transport=websocket", false);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SocketIoServer io = new SocketIoServer(new SocketIoConfig(Duration.ofSeconds(5), 10), scheduler, new PayloadMapper());
    private final EngineServer engine = new EngineServer(new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20),
            Duration.ofSeconds(10), 1_000_000, 256, true), scheduler, io);
    private final ServerIdentity identity = new ServerIdentity("host-1#42", "host-1", 42);
    private AdminUi adminUi;

    private AdminUi start(AdminMode mode, boolean readOnly) {
        io.of("/chat"); // the application's namespace (a gateway's, on the real server)
        AdminUiSettings settings = new AdminUiSettings(true, "admin", PasswordHash.of(HASH), mode, readOnly);
        ClientCounts counts = new ClientCounts() {
            @Override public int clients() {
                return engine.sessionCount();
            }
            @Override public int pollingClients() {
                return engine.sessionCount("polling");
            }
        };
        adminUi = AdminUi.start(settings, io, counts, scheduler, Clock.fixed(Instant.parse("2026-12-06T01:00:00Z"), ZoneOffset.UTC), identity);
        engine.setEvents(AdminUi.chain(engine.events(), adminUi.engineEvents()));
        io.setEvents(AdminUi.chain(io.events(), adminUi.serverEvents()));
        return adminUi;
    }

    // ---- a client on a fake transport ----

    private record Client(FakeTransport transport, EngineSession session) {
        void send(String socketIoPacket) {
            session.receive(EnginePacket.message(socketIoPacket));
        }

        /** The Socket.IO packets written to this client (Engine.IO "4" taken off). */
        List<String> packets() {
            return transport.texts().stream().filter(t -> t.startsWith("4")).map(t -> t.substring(1)).toList();
        }

        String socketId(String nsp) {
            String prefix = "/".equals(nsp) ? "0{" : "0" + nsp + ",{";
            String answer = packets().stream().filter(t -> t.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no CONNECT answer on " + nsp + ": " + packets()));
            return json(answer.substring(prefix.length() - 1)).asJsonObject().getString("sid");
        }

        /** The arguments of every event of this name on the namespace, in order. */
        List<JsonArray> events(String nsp, String name) {
            String prefix = "2" + nsp + ",";
            return packets().stream().filter(t -> t.startsWith(prefix)).map(t -> json(t.substring(prefix.length())).asJsonArray())
                    .filter(a -> a.getString(0).equals(name)).map(a -> Json.createArrayBuilder(a.subList(1, a.size())).build()).toList();
        }

        JsonArray event(String nsp, String name) {
            List<JsonArray> all = events(nsp, name);
            assertFalse(all.isEmpty(), "no " + name + " event on " + nsp + ": " + packets());
            return all.get(all.size() - 1);
        }

        /** The answer to the ack id on the namespace. */
        JsonArray ack(String nsp, int id) {
            String prefix = "3" + nsp + "," + id;
            String answer = packets().stream().filter(t -> t.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no acknowledgement " + id + ": " + packets()));
            return json(answer.substring(prefix.length())).asJsonArray();
        }
    }

    private Client open() {
        FakeTransport transport = new FakeTransport("websocket");
        return new Client(transport, engine.open(transport, HANDSHAKE, List.of()));
    }

    private Client join(String nsp) {
        Client client = open();
        client.send("0" + ("/".equals(nsp) ? "" : nsp + ","));
        return client;
    }

    private Client admin(String auth) {
        Client client = open();
        client.send("0/admin," + auth);
        return client;
    }

    private Client loggedIn() {
        Client client = admin("{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}");
        client.socketId("/admin");
        return client;
    }

    static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    // ---- authentication ----

    @Test
    void a_wrong_password_or_name_gets_connect_error_invalid_credentials_and_is_counted() {
        start(AdminMode.PRODUCTION, false);
        Client wrongPassword = admin("{\"username\":\"admin\",\"password\":\"nope\"}");
        Client wrongName = admin("{\"username\":\"root\",\"password\":\"" + PASSWORD + "\"}");
        Client nothing = admin("");
        Client malformed = admin("{\"username\":42,\"password\":[1]}");
        for (Client client : List.of(wrongPassword, wrongName, nothing, malformed)) {
            assertEquals(List.of("4/admin,{\"message\":\"invalid credentials\"}"), client.packets());
        }
        assertEquals(4, adminUi.refusedLogins());
        assertTrue(io.of("/admin").sockets().isEmpty());
    }

    @Test
    void the_right_credentials_get_a_session_id_then_the_config() {
        start(AdminMode.PRODUCTION, false);
        Client client = loggedIn();
        List<String> packets = client.packets();
        assertTrue(packets.get(0).startsWith("0/admin,{\"sid\""), packets.toString());
        String session = client.event("/admin", "session").getString(0);
        assertTrue(session.matches("[0-9a-f]{16}"), session);
        assertTrue(packets.get(1).startsWith("2/admin,[\"session\""), "session comes first: " + packets);
        JsonObject config = client.event("/admin", "config").getJsonObject(0);
        assertEquals(List.of("EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS"),
                config.getJsonArray("supportedFeatures").getValuesAs(jakarta.json.JsonString::getString));
        assertTrue(client.events("/admin", "all_sockets").isEmpty(), "production mode lists no sockets");
        assertEquals(0, adminUi.refusedLogins());
    }

    @Test
    void a_later_login_with_the_session_id_needs_no_password_and_an_unknown_one_is_refused() {
        start(AdminMode.PRODUCTION, false);
        String session = loggedIn().event("/admin", "session").getString(0);
        Client again = admin("{\"sessionId\":\"" + session + "\"}");
        again.socketId("/admin");
        assertTrue(again.events("/admin", "session").isEmpty(), "no new session for a session login");
        assertFalse(again.events("/admin", "config").isEmpty());
        Client forged = admin("{\"sessionId\":\"0123456789abcdef\"}");
        assertEquals(List.of("4/admin,{\"message\":\"invalid credentials\"}"), forged.packets());
    }

    // ---- stats ----

    @Test
    void server_stats_every_two_seconds_count_the_clients_and_sockets_per_namespace() {
        start(AdminMode.PRODUCTION, false);
        join("/");
        join("/");
        Client chat = join("/chat");
        chat.send("2/chat,[\"hello\",\"world\"]");
        Client admin = loggedIn();
        scheduler.advance(Duration.ofMillis(AdminUi.STATS_PERIOD_MILLIS));
        JsonObject stats = admin.event("/admin", "server_stats").getJsonObject(0);
        assertEquals(Set.of("serverId", "hostname", "pid", "uptime", "clientsCount", "pollingClientsCount", "aggregatedEvents", "namespaces"),
                stats.keySet());
        assertEquals("host-1#42", stats.getString("serverId"));
        assertEquals("host-1", stats.getString("hostname"));
        assertEquals(42, stats.getInt("pid"));
        assertEquals(4, stats.getInt("clientsCount"), "three clients and the admin");
        assertEquals(0, stats.getInt("pollingClientsCount"));
        assertEquals(json("[{\"name\":\"/\",\"socketsCount\":2},{\"name\":\"/admin\",\"socketsCount\":1},{\"name\":\"/chat\",\"socketsCount\":1}]"),
                stats.getJsonArray("namespaces"));
        long connections = stats.getJsonArray("aggregatedEvents").stream().map(JsonValue::asJsonObject)
                .filter(e -> e.getString("type").equals("rawConnection")).mapToLong(e -> e.getJsonNumber("count").longValue()).sum();
        assertEquals(4, connections);
        assertTrue(stats.getJsonArray("aggregatedEvents").stream().map(JsonValue::asJsonObject)
                .anyMatch(e -> e.getString("type").equals("bytesIn") && e.getJsonNumber("count").longValue() > 0));

        int before = admin.events("/admin", "server_stats").size();
        scheduler.advance(Duration.ofMillis(AdminUi.STATS_PERIOD_MILLIS));
        assertEquals(before + 1, admin.events("/admin", "server_stats").size());
        JsonObject next = admin.event("/admin", "server_stats").getJsonObject(0);
        assertTrue(next.getJsonArray("aggregatedEvents").stream().map(JsonValue::asJsonObject)
                .noneMatch(e -> e.getString("type").equals("rawConnection")), "each count is sent once");
        adminUi.close();
        scheduler.advance(Duration.ofMillis(AdminUi.STATS_PERIOD_MILLIS * 2));
        assertEquals(before + 1, admin.events("/admin", "server_stats").size(), "no stats after close");
    }

    // ---- commands ----

    @Test
    void join_then_emit_to_the_room_reaches_only_its_members_and_leave_takes_them_out() {
        start(AdminMode.PRODUCTION, false);
        Client a = join("/chat");
        Client b = join("/chat");
        String aId = a.socketId("/chat");
        Client admin = loggedIn();
        admin.send("2/admin,1[\"join\",\"/chat\",\"vip\",\"" + aId + "\"]");
        assertEquals(json("[{\"ok\":true}]"), admin.ack("/admin", 1));
        assertTrue(io.of("/chat").socket(aId).rooms().contains("vip"));
        admin.send("2/admin,[\"emit\",\"/chat\",\"vip\",\"notice\",{\"text\":\"hi\"},2]");
        assertEquals(json("[{\"text\":\"hi\"},2]"), a.event("/chat", "notice"));
        assertTrue(b.events("/chat", "notice").isEmpty());
        admin.send("2/admin,[\"emit\",\"/chat\",null,\"everyone\"]");
        assertEquals(1, a.events("/chat", "everyone").size());
        assertEquals(1, b.events("/chat", "everyone").size());
        admin.send("2/admin,[\"leave\",\"/chat\",\"vip\"]");
        assertFalse(io.of("/chat").socket(aId).rooms().contains("vip"));
    }

    @Test
    void disconnect_acts_on_the_selected_socket_only_and_close_ends_its_connection() {
        start(AdminMode.PRODUCTION, false);
        Client a = join("/chat");
        Client b = join("/chat");
        String aId = a.socketId("/chat");
        String bId = b.socketId("/chat");
        Client admin = loggedIn();
        admin.send("2/admin,[\"_disconnect\",\"/chat\",false,\"" + aId + "\"]");
        assertTrue(a.packets().contains("1/chat,"), "a DISCONNECT: " + a.packets());
        assertNotNull(io.of("/chat").socket(bId));
        assertTrue(a.session().isOpen(), "without close the connection stays");
        admin.send("2/admin,[\"_disconnect\",\"/chat\",true,\"" + bId + "\"]");
        assertFalse(b.session().isOpen());
        assertTrue(io.of("/chat").sockets().isEmpty());
    }

    @Test
    void malformed_commands_get_an_error_answer_and_change_nothing() {
        start(AdminMode.PRODUCTION, false);
        Client a = join("/chat");
        Client admin = loggedIn();
        String[] malformed = {
                "[\"emit\",\"/chat\",42,\"x\"]",                 // a filter that is no room name
                "[\"emit\",\"/chat\",{\"room\":\"a\"},\"x\"]",   // an object as filter
                "[\"emit\",\"/nowhere\",null,\"x\"]",            // an unknown namespace (never created)
                "[\"emit\",7,null,\"x\"]",                       // a namespace that is no string
                "[\"emit\",\"/chat\",null,\"disconnect\"]",      // a reserved event
                "[\"emit\",\"/chat\",null]",                     // no event
                "[\"join\",\"/chat\",\"\"]",                     // an empty room
                "[\"join\",\"/chat\",[\"r\"]]",                  // a room that is no string
                "[\"leave\"]",                                   // nothing at all
                "[\"_disconnect\",\"/chat\",\"yes\"]",           // a close flag that is no boolean
                "[\"_disconnect\",\"/chat\",true,\"" + "r".repeat(CommandArguments.MAX_NAME_LENGTH + 1) + "\"]",
        };
        for (int i = 0; i < malformed.length; i++) {
            admin.send("2/admin," + (10 + i) + malformed[i]);
            JsonObject answer = admin.ack("/admin", 10 + i).getJsonObject(0);
            assertTrue(answer.containsKey("error"), malformed[i] + " -> " + answer);
        }
        admin.send("2/admin,[\"emit\",{},null,\"x\"]"); // without ack: nothing answered, nothing thrown
        assertTrue(a.events("/chat", "x").isEmpty());
        assertNotNull(io.of("/chat").socket(a.socketId("/chat")));
        assertTrue(a.session().isOpen());
        assertEquals(null, io.namespace("/nowhere"));
        assertTrue(admin.session().isOpen(), "the admin stays connected");
    }

    @Test
    void read_only_mode_offers_no_command_and_refuses_them() {
        start(AdminMode.PRODUCTION, true);
        Client a = join("/chat");
        String aId = a.socketId("/chat");
        Client admin = loggedIn();
        assertEquals(json("[\"AGGREGATED_EVENTS\"]"), admin.event("/admin", "config").getJsonObject(0).getJsonArray("supportedFeatures"));
        admin.send("2/admin,1[\"emit\",\"/chat\",null,\"x\"]");
        admin.send("2/admin,2[\"join\",\"/chat\",\"vip\",null]");
        admin.send("2/admin,3[\"_disconnect\",\"/chat\",true,null]");
        for (int id = 1; id <= 3; id++) {
            assertEquals("read-only mode: commands are refused", admin.ack("/admin", id).getJsonObject(0).getString("error"));
        }
        assertTrue(a.events("/chat", "x").isEmpty());
        assertFalse(io.of("/chat").socket(aId).rooms().contains("vip"));
        assertTrue(a.session().isOpen());
    }

    // ---- development mode ----

    @Test
    void development_mode_lists_the_sockets_and_reports_connections_rooms_and_events() {
        start(AdminMode.DEVELOPMENT, false);
        Client a = join("/chat");
        String aId = a.socketId("/chat");
        Client admin = loggedIn();
        JsonObject config = admin.event("/admin", "config").getJsonObject(0);
        assertTrue(config.getJsonArray("supportedFeatures").contains(Json.createValue("ALL_EVENTS")));
        JsonArray all = admin.event("/admin", "all_sockets").getJsonArray(0);
        JsonObject listed = all.stream().map(JsonValue::asJsonObject).filter(s -> s.getString("id").equals(aId)).findFirst().orElseThrow();
        assertEquals("/chat", listed.getString("nsp"));
        assertEquals("websocket", listed.getString("transport"));
        assertEquals(json("[\"" + aId + "\"]"), listed.getJsonArray("rooms"));
        JsonObject handshake = listed.getJsonObject("handshake");
        assertEquals("127.0.0.1", handshake.getString("address"));
        assertEquals("test", handshake.getJsonObject("headers").getString("user-agent"));
        assertEquals("(hidden)", handshake.getJsonObject("headers").getString("authorization"), "tokens are not shown");

        Client b = join("/chat");
        String bId = b.socketId("/chat");
        JsonArray connected = admin.event("/admin", "socket_connected");
        assertEquals(bId, connected.getJsonObject(0).getString("id"));
        assertEquals("2026-12-06T01:00:00Z", connected.getString(1));

        io.of("/chat").socket(bId).join("vip");
        assertEquals(json("[\"/chat\",\"vip\",\"" + bId + "\",\"2026-12-06T01:00:00Z\"]"), admin.event("/admin", "room_joined"));
        io.of("/chat").socket(bId).leave("vip");
        assertEquals(json("[\"/chat\",\"vip\",\"" + bId + "\",\"2026-12-06T01:00:00Z\"]"), admin.event("/admin", "room_left"));

        b.send("2/chat,[\"message\",{\"text\":\"hi\"}]");
        assertEquals(json("[\"/chat\",\"" + bId + "\",[\"message\",{\"text\":\"hi\"}],\"2026-12-06T01:00:00Z\"]"),
                admin.event("/admin", "event_received"));
        io.of("/chat").socket(bId).emit("reply", 7);
        assertEquals(json("[\"/chat\",\"" + bId + "\",[\"reply\",7],\"2026-12-06T01:00:00Z\"]"),
                admin.event("/admin", "event_sent"));

        b.send("1/chat,");
        assertEquals(json("[\"/chat\",\"" + bId + "\",\"client namespace disconnect\",\"2026-12-06T01:00:00Z\"]"),
                admin.event("/admin", "socket_disconnected"));
    }

    @Test
    void an_application_namespace_named_admin_is_left_alone() {
        io.of("/admin").on("emit", (socket, args, ack) -> { });
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> start(AdminMode.PRODUCTION, false));
        assertTrue(e.getMessage().contains("/admin"), e.getMessage());
        Client client = admin("");
        client.socketId("/admin"); // no login asked: the application's namespace as it was
    }

    @Test
    void production_mode_sends_no_socket_events() {
        start(AdminMode.PRODUCTION, false);
        Client admin = loggedIn();
        Client b = join("/chat");
        io.of("/chat").socket(b.socketId("/chat")).join("vip");
        b.send("2/chat,[\"message\"]");
        io.of("/chat").socket(b.socketId("/chat")).emit("reply");
        for (String event : List.of("socket_connected", "room_joined", "event_received", "event_sent", "all_sockets")) {
            assertTrue(admin.events("/admin", event).isEmpty(), event);
        }
    }
}
