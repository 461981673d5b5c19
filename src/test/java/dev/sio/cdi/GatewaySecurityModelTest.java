package dev.sio.cdi;

import dev.sio.socketio.server.Socket;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the security annotations are read into guards, and what fails the deployment. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GatewaySecurityModelTest {

    @SocketGateway(namespace = "/plain")
    static class Plain {
        @OnEvent("e")
        void e(Socket socket) {
        }
    }

    @SocketGateway(namespace = "/secure")
    @RolesAllowed("**")
    @RoomRule(pattern = "admin-.*", rolesAllowed = "admin")
    static class Secure {
        @OnConnect
        void connected(JsonWebToken token) {
        }

        @OnDisconnect
        void disconnected(JsonWebToken token, String reason) {
        }

        @OnEvent("open")
        void open(JsonWebToken token, String text) {
        }

        @RolesAllowed({"admin", " ops "})
        @OnEvent("admin")
        void admin() {
        }

        @DenyAll
        @OnEvent("never")
        void never() {
        }
    }

    @SocketGateway(namespace = "/events-only")
    static class EventGuardOnly {
        @RolesAllowed("admin")
        @OnEvent("admin")
        void admin(JsonWebToken token) {
        }
    }

    @SocketGateway(namespace = "/rooms-only")
    @RoomRule(pattern = "vip-.*", rolesAllowed = "vip")
    static class RoomRuleOnly {
    }

    @SocketGateway(namespace = "/optional")
    @PermitAll
    static class Optional {
        @OnEvent("who")
        void who(JsonWebToken token) {
        }
    }

    @Test
    void a_gateway_without_security_annotations_does_not_use_authentication() {
        GatewayModel model = read(Plain.class);
        assertFalse(model.usesAuth());
        assertNull(model.connectRule());
        assertNull(model.events().get("e").rule());
        assertTrue(model.roomPolicy().isOpen());
    }

    @Test
    void class_and_method_annotations_become_the_connection_and_event_guards() {
        GatewayModel model = read(Secure.class);
        assertTrue(model.usesAuth());
        assertEquals(AccessRule.AUTHENTICATED, model.connectRule());
        assertNull(model.events().get("open").rule(), "the class rule is the connection's; the event has none of its own");
        assertEquals(AccessRule.roles("admin", "ops"), model.events().get("admin").rule());
        assertEquals(AccessRule.DENY_ALL, model.events().get("never").rule());
        assertFalse(model.roomPolicy().isOpen());
    }

    @Test
    void an_event_guard_or_a_room_rule_alone_makes_the_token_optional_at_connect() {
        assertEquals(AccessRule.PERMIT_ALL, read(EventGuardOnly.class).connectRule());
        assertEquals(AccessRule.PERMIT_ALL, read(RoomRuleOnly.class).connectRule());
        assertEquals(AccessRule.PERMIT_ALL, read(Optional.class).connectRule());
    }

    @Test
    void the_principal_parameter_resolves_in_connect_disconnect_and_event_handlers() {
        GatewayModel model = read(Secure.class);
        assertEquals(1, model.onConnect().resolvers().length);
        assertEquals(2, model.onDisconnect().resolvers().length);
        assertEquals(2, model.events().get("open").resolvers().length);
    }

    @SocketGateway(namespace = "/bad")
    static class PrincipalWithoutAuth {
        @OnEvent("who")
        void who(JsonWebToken token) {
        }
    }

    @Test
    void a_principal_parameter_on_a_gateway_without_authentication_fails_the_deployment() {
        assertProblem(PrincipalWithoutAuth.class, "PrincipalWithoutAuth.who: a JsonWebToken parameter needs a gateway that uses authentication");
    }

    @SocketGateway(namespace = "/bad")
    @RolesAllowed("admin")
    @PermitAll
    static class TwoClassRules {
    }

    @SocketGateway(namespace = "/bad")
    @RolesAllowed({})
    static class NoRoles {
    }

    @SocketGateway(namespace = "/bad")
    @RolesAllowed("**")
    static class GuardOnConnect {
        @RolesAllowed("admin")
        @OnConnect
        void connected() {
        }
    }

    @SocketGateway(namespace = "/bad")
    @RolesAllowed("**")
    static class PermitAllUnderRoles {
        @PermitAll
        @OnEvent("e")
        void e() {
        }
    }

    @SocketGateway(namespace = "/bad")
    @RoomRule(pattern = "([", rolesAllowed = "x")
    static class BadPattern {
    }

    @Test
    void contradictory_or_useless_security_declarations_fail_the_deployment() {
        assertProblem(TwoClassRules.class, "only one of @RolesAllowed, @PermitAll, @DenyAll");
        assertProblem(NoRoles.class, "@RolesAllowed names no role");
        assertProblem(GuardOnConnect.class, "GuardOnConnect.connected: @RolesAllowed([admin]) guards events only");
        assertProblem(PermitAllUnderRoles.class, "PermitAllUnderRoles.e: @PermitAll has no effect");
        assertProblem(BadPattern.class, "@RoomRule(pattern = \"([\"): not a valid regular expression");
    }

    private static GatewayModel read(Class<?> gateway) {
        List<String> problems = new ArrayList<>();
        GatewayModel model = GatewayModels.read(gateway, problems);
        assertEquals(List.of(), problems);
        return model;
    }

    private static void assertProblem(Class<?> gateway, String expected) {
        List<String> problems = new ArrayList<>();
        GatewayModels.read(gateway, problems);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected a problem containing '" + expected + "', got " + problems);
    }

    @Test
    void access_rules_check_the_groups_claim() {
        JsonWebToken staff = token(Set.of("staff"));
        JsonWebToken admin = token(Set.of("staff", "admin"));
        assertNull(AccessRule.PERMIT_ALL.refusal(null));
        assertEquals("forbidden", AccessRule.DENY_ALL.refusal(admin));
        assertEquals("unauthorized", AccessRule.AUTHENTICATED.refusal(null));
        assertNull(AccessRule.AUTHENTICATED.refusal(token(Set.of())));
        assertEquals("forbidden", AccessRule.roles("admin").refusal(staff));
        assertNull(AccessRule.roles("admin").refusal(admin));
        assertNull(AccessRule.roles("ops", "staff").refusal(staff));
        assertTrue(AccessRule.AUTHENTICATED.requiresToken());
        assertTrue(AccessRule.DENY_ALL.requiresToken());
        assertFalse(AccessRule.PERMIT_ALL.requiresToken());
    }

    @Test
    void room_policies_take_the_first_rule_whose_pattern_matches_the_whole_name() {
        RoomPolicy policy = new RoomPolicy(List.of(
                new RoomPolicy.Entry(java.util.regex.Pattern.compile("admin-public"), AccessRule.AUTHENTICATED),
                new RoomPolicy.Entry(java.util.regex.Pattern.compile("admin-.*"), AccessRule.roles("admin"))));
        JsonWebToken staff = token(Set.of("staff"));
        assertNull(policy.refusal(staff, "admin-public"));
        assertEquals("forbidden", policy.refusal(staff, "admin-secret"));
        assertNull(policy.refusal(token(Set.of("admin")), "admin-secret"));
        assertNull(policy.refusal(null, "lobby"), "a room no rule matches is open");
        assertEquals("unauthorized", policy.refusal(null, "admin-public"));
    }

    /** A token with only groups: what the rules look at. */
    static JsonWebToken token(Set<String> groups) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "someone";
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("groups");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return "groups".equals(claimName) ? (T) groups : null;
            }
        };
    }
}
