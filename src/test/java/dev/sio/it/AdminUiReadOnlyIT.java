package dev.sio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

import static dev.sio.it.JavaClients.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Admin UI in read-only production mode on a real Payara Micro: no command is offered, each is refused. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminUiReadOnlyIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.productWar("adminro", AdminUiClients.settings("production", true));
    }

    @ArquillianResource
    URL deployed;

    @Test
    void readOnlyModeRefusesEveryCommand() throws Exception {
        try (AdminUiClients clients = new AdminUiClients(Deployments.loopback(deployed))) {
            AdminUiClients.Admin admin = clients.loggedIn();
            JSONObject config = (JSONObject) admin.next("config", 5)[0];
            assertEquals("[\"AGGREGATED_EVENTS\"]", config.getJSONArray("supportedFeatures").toString());
            JavaClients.Inbox a = clients.client("/test");
            String aId = a.socket().id();
            for (Object[] command : new Object[][] {
                    {"emit", "/test", aId, "x"}, {"join", "/test", "vip", aId}, {"_disconnect", "/test", true, aId}}) {
                Object answer = call(admin.socket, (String) command[0], java.util.Arrays.copyOfRange(command, 1, command.length))[0];
                assertEquals("read-only mode: commands are refused", ((JSONObject) answer).getString("error"));
            }
            a.socket().emit("emitBack", "sentinel");
            a.expect("sentinel"); // no "x" before it, and still connected
            assertTrue(!call(a.socket(), "rooms")[0].toString().contains("vip"));
            JSONObject stats = (JSONObject) admin.next("server_stats", 5)[0];
            assertTrue(stats.has("clientsCount"), "stats still come in read-only mode");
        }
    }
}
