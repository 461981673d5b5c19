package dev.sio.cdi;

import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OnAnyEvent}: what it sees, in which order, and who answers the client's acknowledgement. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CatchAllGatewayTest {

    @SocketGateway(namespace = "/audit")
    @RolesAllowed("**")
    static class AuditedGateway {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @OnEvent("known")
        String known(String text) {
            calls.add("known:" + text);
            return "from known";
        }

        @RolesAllowed("admin")
        @OnEvent("purge")
        void purge() {
            calls.add("purge");
        }

        @OnAnyEvent
        String any(JsonWebToken user, Socket socket, String event, Payload args, Ack ack) {
            calls.add("any:" + user.getSubject() + ":" + event + ":" + args.size() + ":" + (ack != null));
            return "from any";
        }
    }

    private final AuthHarness harness = new AuthHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    private AuthHarness.Client connected(AuditedGateway gateway) {
        harness.bind(gateway);
        AuthHarness.Client client = harness.open();
        assertTrue(client.connect("/audit", AuthHarness.token("alice")).startsWith("40/audit,{\"sid\":"));
        return client;
    }

    @Test
    void the_catch_all_runs_after_the_events_handler_which_keeps_the_acknowledgement() {
        AuditedGateway gateway = new AuditedGateway();
        AuthHarness.Client client = connected(gateway);

        client.send("2/audit,7[\"known\",\"hi\"]");

        assertEquals("43/audit,7[\"from known\"]", client.next());
        client.expectSilence(200); // one answer only: the catch-all got no Ack
        assertEquals(List.of("known:hi", "any:alice:known:1:false"), gateway.calls);
    }

    @Test
    void an_event_without_a_handler_reaches_the_catch_all_which_may_answer_it() {
        AuditedGateway gateway = new AuditedGateway();
        AuthHarness.Client client = connected(gateway);

        client.send("2/audit,8[\"unknown\",1,{\"a\":2}]");

        assertEquals("43/audit,8[\"from any\"]", client.next());
        assertEquals(List.of("any:alice:unknown:2:true"), gateway.calls);
    }

    @Test
    void an_event_a_guard_refuses_is_still_seen_by_the_catch_all() {
        AuditedGateway gateway = new AuditedGateway();
        AuthHarness.Client client = connected(gateway);

        client.send("2/audit,9[\"purge\"]");

        assertTrue(client.next().startsWith("43/audit,9[{\"ok\":false"), "the guard answers");
        assertEquals(List.of("any:alice:purge:0:false"), gateway.calls);
    }

    @SocketGateway(namespace = "/bad")
    static class TwoCatchAlls {
        @OnAnyEvent
        void one(String event) {
        }

        @OnAnyEvent
        void two(String event, String again, Runnable nothing) {
        }
    }

    @Test
    void a_second_catch_all_and_unresolvable_parameters_are_deployment_problems() {
        List<String> problems = new ArrayList<>();
        GatewayModels.read(TwoCatchAlls.class, problems);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("second @OnAnyEvent")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("appears twice")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("Runnable nothing") && p.contains("nothing can resolve it")), problems.toString());
    }
}
