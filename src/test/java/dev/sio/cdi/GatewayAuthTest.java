package dev.sio.cdi;

import dev.sio.testing.JwtFixtures;
import dev.sio.socketio.server.Socket;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The namespace guard, the event guard, room rules, the principal as a handler parameter and the
 * expiry timer, on a real Socket.IO server without a container.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GatewayAuthTest {

    @SocketGateway(namespace = "/secure")
    @RolesAllowed("**")
    @RoomRule(pattern = "admin-.*", rolesAllowed = "admin")
    @RoomRule(pattern = "closed-.*", rolesAllowed = {})
    static class SecureGateway {
        final List<String> calls = new CopyOnWriteArrayList<>();
        Rooms rooms;

        @OnConnect
        void connected(Socket socket, JsonWebToken token) {
            calls.add("connect:" + token.getSubject());
        }

        @OnDisconnect
        void disconnected(JsonWebToken token, String reason) {
            calls.add("disconnect:" + token.getSubject() + ":" + reason);
        }

        @OnEvent("whoami")
        String whoami(JsonWebToken token) {
            return token.getSubject();
        }

        @RolesAllowed("admin")
        @OnEvent("purge")
        String purge() {
            calls.add("purge");
            return "purged";
        }

        @DenyAll
        @OnEvent("never")
        String never() {
            calls.add("never");
            return "reached";
        }

        @OnEvent("join")
        String join(Socket socket, String room) {
            rooms.join(socket, room);
            return "joined " + room;
        }
    }

    @SocketGateway(namespace = "/admins")
    @RolesAllowed({"admin", "ops"})
    static class AdminGateway {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @OnConnect
        void connected(JsonWebToken token) {
            calls.add("connect:" + token.getSubject());
        }
    }

    @SocketGateway(namespace = "/open")
    @PermitAll
    static class OptionalGateway {
        @OnEvent("whoami")
        String whoami(JsonWebToken token) {
            return token == null ? "anonymous" : token.getSubject();
        }

        @RolesAllowed("**")
        @OnEvent("members")
        String members() {
            return "members only";
        }
    }

    @SocketGateway(namespace = "/nobody")
    @DenyAll
    static class ClosedGateway {
        @OnConnect
        void connected() {
            throw new AssertionError("never");
        }
    }

    private final AuthHarness harness = new AuthHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    private SecureGateway secure() {
        SecureGateway gateway = new SecureGateway();
        gateway.rooms = new Rooms();
        gateway.rooms.runtime = new SocketIoRuntime() {
            @Override
            RoomPolicy roomPolicy(String namespace) {
                return harness.io.namespace(namespace) == null ? RoomPolicy.OPEN : model.roomPolicy();
            }
        };
        model = harness.bind(gateway);
        return gateway;
    }

    private GatewayModel model;

    @Test
    void a_socket_without_a_token_is_refused_with_missing_token_and_no_handler_sees_it() {
        SecureGateway gateway = secure();
        AuthHarness.Client client = harness.open();
        assertEquals("44/secure,{\"message\":\"missing token\"}", client.connect("/secure", null));
        assertEquals(List.of(), gateway.calls);
        assertTrue(harness.io.of("/secure").sockets().isEmpty());
        // the connection stays: the client may try again, with a token
        assertTrue(client.connect("/secure", AuthHarness.token("alice")).startsWith("40/secure,{\"sid\":"));
        assertEquals(List.of("connect:alice"), gateway.calls);
    }

    @Test
    void an_invalid_token_is_refused_with_the_verifiers_reason() throws Exception {
        SecureGateway gateway = secure();
        AuthHarness.Client client = harness.open();
        assertEquals("44/secure,{\"message\":\"invalid token: malformed\"}", client.connect("/secure", "not.a.jwt"));
        assertEquals("44/secure,{\"message\":\"invalid token: expired\"}",
                client.connect("/secure", AuthHarness.token("alice", "Alice", -120)));
        String foreign = JwtFixtures.rs256(JwtFixtures.rsa("other-key"), org.jose4j.jwt.JwtClaims.parse(
                "{\"iss\":\"" + AuthHarness.ISSUER + "\",\"sub\":\"mallory\",\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}"));
        assertEquals("44/secure,{\"message\":\"invalid token: unknown key\"}", client.connect("/secure", foreign));
        assertEquals(List.of(), gateway.calls);
    }

    @Test
    void a_valid_token_is_the_sockets_principal_in_every_handler() {
        SecureGateway gateway = secure();
        AuthHarness.Client client = harness.open();
        assertTrue(client.connect("/secure", AuthHarness.token("alice")).startsWith("40/secure,"));
        client.send("2/secure,1[\"whoami\"]");
        assertEquals("43/secure,1[\"alice\"]", client.next());
        Socket socket = harness.io.of("/secure").sockets().values().iterator().next();
        assertEquals("alice", Principals.of(socket).getSubject());
        client.send("1/secure,");
        assertEquals(List.of("connect:alice", "disconnect:alice:client namespace disconnect"), gateway.calls);
    }

    @Test
    void the_token_is_also_read_from_a_bearer_header_and_from_the_configured_cookie() {
        SecureGateway gateway = secure();
        AuthHarness.Client bearer = harness.open(Map.of("authorization", List.of("Bearer " + AuthHarness.token("bob"))));
        assertTrue(bearer.connect("/secure", null).startsWith("40/secure,"));
        AuthHarness.Client cookie = harness.open(Map.of("Cookie", List.of("theme=dark; jwt=" + AuthHarness.token("carol"))));
        assertTrue(cookie.connect("/secure", null).startsWith("40/secure,"));
        assertEquals(List.of("connect:bob", "connect:carol"), gateway.calls);
    }

    @Test
    void a_refused_event_answers_forbidden_to_the_ack_and_keeps_the_connection() {
        SecureGateway gateway = secure();
        AuthHarness.Client bob = harness.open();
        bob.connect("/secure", AuthHarness.token("bob", "staff"));
        bob.send("2/secure,7[\"purge\"]");
        assertEquals("43/secure,7[{\"ok\":false,\"error\":\"forbidden\"}]", bob.next());
        bob.send("2/secure,8[\"whoami\"]");
        assertEquals("43/secure,8[\"bob\"]", bob.next());
        assertEquals(List.of("connect:bob"), gateway.calls);

        AuthHarness.Client admin = harness.open();
        admin.connect("/secure", AuthHarness.token("ada", "admin"));
        admin.send("2/secure,1[\"purge\"]");
        assertEquals("43/secure,1[\"purged\"]", admin.next());
    }

    @Test
    void a_refused_event_without_an_ack_is_answered_with_an_error_event() {
        secure();
        AuthHarness.Client bob = harness.open();
        bob.connect("/secure", AuthHarness.token("bob"));
        bob.send("2/secure,[\"purge\",{\"all\":true}]");
        assertEquals("42/secure,[\"error\",{\"event\":\"purge\",\"error\":\"forbidden\"}]", bob.next());
    }

    @Test
    void deny_all_refuses_an_event_even_to_an_admin() {
        SecureGateway gateway = secure();
        AuthHarness.Client admin = harness.open();
        admin.connect("/secure", AuthHarness.token("ada", "admin"));
        admin.send("2/secure,1[\"never\"]");
        assertEquals("43/secure,1[{\"ok\":false,\"error\":\"forbidden\"}]", admin.next());
        assertEquals(List.of("connect:ada"), gateway.calls);
    }

    @Test
    void room_rules_let_only_the_allowed_roles_join_matching_rooms() {
        secure();
        AuthHarness.Client bob = harness.open();
        bob.connect("/secure", AuthHarness.token("bob", "staff"));
        bob.send("2/secure,1[\"join\",\"admin-ops\"]");
        assertEquals("43/secure,1[{\"ok\":false,\"error\":\"forbidden\"}]", bob.next());
        bob.send("2/secure,2[\"join\",\"lobby\"]");
        assertEquals("43/secure,2[\"joined lobby\"]", bob.next());
        bob.send("2/secure,3[\"join\",\"xadmin-ops\"]");
        assertEquals("43/secure,3[\"joined xadmin-ops\"]", bob.next(), "the pattern matches the whole name");

        AuthHarness.Client admin = harness.open();
        admin.connect("/secure", AuthHarness.token("ada", "admin"));
        admin.send("2/secure,1[\"join\",\"admin-ops\"]");
        assertEquals("43/secure,1[\"joined admin-ops\"]", admin.next());
        admin.send("2/secure,2[\"join\",\"closed-vault\"]");
        assertEquals("43/secure,2[{\"ok\":false,\"error\":\"forbidden\"}]", admin.next(), "a rule without roles lets no one in");

        Socket adminSocket = harness.io.of("/secure").sockets().values().stream()
                .filter(s -> "ada".equals(Principals.of(s).getSubject())).findFirst().orElseThrow();
        assertTrue(adminSocket.rooms().contains("admin-ops"));
        assertTrue(harness.io.of("/secure").sockets().values().stream()
                .filter(s -> "bob".equals(Principals.of(s).getSubject())).noneMatch(s -> s.rooms().contains("admin-ops")));
    }

    @Test
    void a_gateway_with_roles_refuses_a_valid_token_without_them() {
        AdminGateway gateway = new AdminGateway();
        harness.bind(gateway);
        AuthHarness.Client bob = harness.open();
        assertEquals("44/admins,{\"message\":\"forbidden\"}", bob.connect("/admins", AuthHarness.token("bob", "staff")));
        AuthHarness.Client olga = harness.open();
        assertTrue(olga.connect("/admins", AuthHarness.token("olga", "ops")).startsWith("40/admins,"));
        assertEquals(List.of("connect:olga"), gateway.calls);
    }

    @Test
    void deny_all_on_a_gateway_refuses_everyone() {
        harness.bind(new ClosedGateway());
        AuthHarness.Client admin = harness.open();
        assertEquals("44/nobody,{\"message\":\"forbidden\"}", admin.connect("/nobody", AuthHarness.token("ada", "admin")));
        assertEquals("44/nobody,{\"message\":\"missing token\"}", admin.connect("/nobody", null));
    }

    @Test
    void permit_all_makes_the_token_optional_but_still_verifies_one_that_is_sent() {
        harness.bind(new OptionalGateway());
        AuthHarness.Client anonymous = harness.open();
        assertTrue(anonymous.connect("/open", null).startsWith("40/open,"));
        anonymous.send("2/open,1[\"whoami\"]");
        assertEquals("43/open,1[\"anonymous\"]", anonymous.next());
        anonymous.send("2/open,2[\"members\"]");
        assertEquals("43/open,2[{\"ok\":false,\"error\":\"unauthorized\"}]", anonymous.next());

        AuthHarness.Client forger = harness.open();
        assertEquals("44/open,{\"message\":\"invalid token: malformed\"}", forger.connect("/open", "garbage"));

        AuthHarness.Client alice = harness.open();
        alice.connect("/open", AuthHarness.token("alice"));
        alice.send("2/open,1[\"whoami\"]");
        assertEquals("43/open,1[\"alice\"]", alice.next());
        alice.send("2/open,2[\"members\"]");
        assertEquals("43/open,2[\"members only\"]", alice.next());
    }

    @Test
    void when_the_token_expires_the_socket_is_told_and_its_transport_closed_without_a_disconnect_packet() {
        SecureGateway gateway = secure();
        AuthHarness.Client client = harness.open();
        harness.scheduler.delaysMillis.clear();
        assertTrue(client.connect("/secure", AuthHarness.token("alice", "Alice", 1)).startsWith("40/secure,"));
        assertEquals("42/secure,[\"token_expired\",{\"message\":\"invalid token: expired\"}]", client.next(3000));
        assertEquals("<closed: token expired>", client.next(), "no Socket.IO DISCONNECT (41) before the close");
        assertEquals("token expired", client.closedWith);
        // the transport is closed first, then the handlers are told
        long deadline = System.currentTimeMillis() + 2000;
        while (gateway.calls.size() < 2 && System.currentTimeMillis() < deadline) Thread.onSpinWait();
        assertEquals(List.of("connect:alice", "disconnect:alice:token expired"), gateway.calls);
    }

    @Test
    void the_expiry_timer_is_set_for_exp_plus_the_clock_skew() throws Exception {
        // the verifier grants the skew after exp; the timer must not cut the socket earlier
        harness.close();
        try (AuthHarness skewed = new AuthHarness(30)) {
            SecureGateway gateway = new SecureGateway();
            skewed.bind(gateway);
            AuthHarness.Client client = skewed.open();
            skewed.scheduler.delaysMillis.clear();
            long before = System.currentTimeMillis();
            String token = AuthHarness.token("alice", "Alice", 100);
            long exp = AuthHarness.expiry(token);
            assertTrue(client.connect("/secure", token).startsWith("40/secure,"));
            long expected = (exp + 30) * 1000 - before;
            boolean found = false;
            for (Long delay = skewed.scheduler.delaysMillis.poll(1, TimeUnit.SECONDS); delay != null;
                 delay = skewed.scheduler.delaysMillis.poll(100, TimeUnit.MILLISECONDS)) {
                if (Math.abs(delay - expected) < 2000) found = true;
            }
            assertTrue(found, "a timer at exp + 30 s (" + expected + " ms from now) was set");
        }
    }

    @Test
    void the_expiry_timer_is_cancelled_when_the_socket_leaves() {
        SecureGateway gateway = secure();
        AuthHarness.Client client = harness.open();
        assertTrue(client.connect("/secure", AuthHarness.token("alice", "Alice", 1)).startsWith("40/secure,"));
        client.send("1/secure,");
        client.expectSilence(2000);
        assertNull(client.closedWith, "the connection was not closed");
        assertEquals(List.of("connect:alice", "disconnect:alice:client namespace disconnect"), gateway.calls);
    }
}
