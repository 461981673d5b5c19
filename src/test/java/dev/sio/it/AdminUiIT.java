package dev.sio.it;

import io.socket.client.Socket;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.Arrays;
import java.util.Map;

import static dev.sio.it.JavaClients.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Socket.IO Admin UI's protocol on a real Payara Micro (development mode), with the Java client
 * as the UI: login refused and accepted, session login, server_stats against the clients opened,
 * each command acting on real clients, development-mode reports; then the UI itself in Chromium.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminUiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.productWar("adminui", AdminUiClients.settings("development", false));
    }

    @ArquillianResource
    URL deployed;

    private AdminUiClients clients;

    @BeforeEach
    void clients() {
        clients = new AdminUiClients(Deployments.loopback(deployed));
    }

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void wrongCredentialsAreRefusedTheRightOnesGetASessionThatLogsInAgain() throws Exception {
        AdminUiClients.Admin wrong = clients.admin(Map.of("username", AdminUiClients.USERNAME, "password", "wrong"));
        Object[] refused = AdminUiClients.connect(wrong.socket);
        assertNotNull(refused, "a wrong password is refused");
        assertEquals("invalid credentials", AdminUiClients.message(refused));

        AdminUiClients.Admin admin = clients.admin(Map.of("username", AdminUiClients.USERNAME, "password", AdminUiClients.PASSWORD));
        assertNull(AdminUiClients.connect(admin.socket), "the right credentials are accepted");
        String session = (String) admin.next("session", 5)[0];
        JSONArray features = ((JSONObject) admin.next("config", 5)[0]).getJSONArray("supportedFeatures");
        assertTrue(features.toString().contains("\"EMIT\"") && features.toString().contains("\"ALL_EVENTS\""), features.toString());
        assertNotNull(admin.next("all_sockets", 5)[0]);

        AdminUiClients.Admin again = clients.admin(Map.of("sessionId", session));
        assertNull(AdminUiClients.connect(again.socket), "the session id logs in without the password");
        AdminUiClients.Admin forged = clients.admin(Map.of("sessionId", "0123456789abcdef"));
        assertEquals("invalid credentials", AdminUiClients.message(AdminUiClients.connect(forged.socket)));
    }

    @Test
    void serverStatsCountTheClientsOpened() throws Exception {
        AdminUiClients.Admin admin = clients.loggedIn();
        for (int i = 0; i < 3; i++) clients.client("/test");
        // clients of an earlier test close asynchronously: wait for the figures, bounded
        Object[] stats = admin.next("server_stats", 15, args -> {
            JSONObject s = (JSONObject) args[0];
            return s.optInt("clientsCount") == 4 && sockets(s, "/test") == 3 && sockets(s, "/admin") == 1;
        });
        JSONObject s = (JSONObject) stats[0];
        assertEquals(0, s.getInt("pollingClientsCount"), "every client is on WebSocket");
        assertTrue(s.getDouble("uptime") > 0);
        assertTrue(s.getLong("pid") > 0);
        assertTrue(s.getString("serverId").endsWith("#" + s.getLong("pid")), s.getString("serverId"));
        assertTrue(s.getJSONArray("aggregatedEvents").length() >= 0);
    }

    private static int sockets(JSONObject stats, String namespace) {
        JSONArray namespaces = stats.optJSONArray("namespaces");
        for (int i = 0; namespaces != null && i < namespaces.length(); i++) {
            JSONObject n = namespaces.optJSONObject(i);
            if (namespace.equals(n.optString("name"))) return n.optInt("socketsCount");
        }
        return -1;
    }

    @Test
    void eachCommandActsOnRealClients() throws Exception {
        AdminUiClients.Admin admin = clients.loggedIn();
        JavaClients.Inbox a = clients.client("/test");
        JavaClients.Inbox b = clients.client("/test");
        String aId = a.socket().id();
        String bId = b.socket().id();

        assertEquals("{\"ok\":true}", call(admin.socket, "join", "/test", "vip", aId)[0].toString());
        assertTrue(call(a.socket(), "rooms")[0].toString().contains("\"vip\""), "A joined vip");
        assertTrue(!call(b.socket(), "rooms")[0].toString().contains("\"vip\""), "B did not");

        call(admin.socket, "emit", "/test", "vip", "notice", "for vip");
        assertEquals("for vip", a.expect("notice")[0]);
        b.socket().emit("emitBack", "sentinel");
        b.expect("sentinel"); // nothing came to B before it

        call(admin.socket, "leave", "/test", "vip", JSONObject.NULL);
        assertTrue(!call(a.socket(), "rooms")[0].toString().contains("\"vip\""), "A left vip");

        call(admin.socket, "_disconnect", "/test", false, bId);
        assertEquals("io server disconnect", b.expect(Socket.EVENT_DISCONNECT)[0]);
        a.socket().emit("emitBack", "still-here");
        a.expect("still-here");
    }

    @Test
    void aMalformedCommandGetsAnErrorAndTheServerCarriesOn() throws Exception {
        AdminUiClients.Admin admin = clients.loggedIn();
        JavaClients.Inbox a = clients.client("/test");
        Object answer = call(admin.socket, "emit", "/test", 42, "x")[0];
        assertEquals("the filter must be a room name or null", ((JSONObject) answer).getString("error"));
        answer = call(admin.socket, "_disconnect", "/nowhere", true, JSONObject.NULL)[0];
        assertEquals("unknown namespace", ((JSONObject) answer).getString("error"));
        a.socket().emit("emitBack", "sentinel");
        a.expect("sentinel");
        assertEquals("{\"ok\":true}", call(admin.socket, "emit", "/test", a.socket().id(), "after", 1)[0].toString());
        assertEquals(1, a.expect("after")[0]);
    }

    @Test
    void developmentModeReportsSocketsAndTheirEvents() throws Exception {
        AdminUiClients.Admin admin = clients.loggedIn();
        JavaClients.Inbox a = clients.client("/test");
        String aId = a.socket().id();
        Object[] connected = admin.next("socket_connected", 5, args -> aId.equals(((JSONObject) args[0]).optString("id")));
        assertEquals("/test", ((JSONObject) connected[0]).getString("nsp"));
        a.socket().emit("emitBack", "echoed", "payload");
        Object[] received = admin.next("event_received", 5, args -> aId.equals(args[1]));
        assertEquals("[\"emitBack\",\"echoed\",\"payload\"]", received[2].toString(), Arrays.toString(received));
        call(admin.socket, "join", "/test", "lobby", aId);
        admin.next("room_joined", 5, args -> "lobby".equals(args[1]) && aId.equals(args[2]));
        a.socket().disconnect();
        admin.next("socket_disconnected", 5, args -> aId.equals(args[1]));
    }

    @Test
    void theWarServesTheUiAtAdminUi() throws Exception {
        URI base = Deployments.loopback(deployed);
        HttpURLConnection index = (HttpURLConnection) base.resolve("admin-ui/").toURL().openConnection();
        assertEquals(200, index.getResponseCode());
        String html = new String(index.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(html.contains("<title>Socket.IO Admin UI</title>"), html);
    }

    /** The stock UI (the WAR's own copy) in Debian's headless Chromium: log in, see this server and its sockets. */
    @Test
    void theAdminUiWorksInHeadlessChromium() throws Exception {
        JsSuite.assertPasses(Deployments.loopback(deployed), "admin-ui/", "websocket", "the Admin UI in headless Chromium");
    }
}
