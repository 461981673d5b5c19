package dev.sio.cdi;

import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.Handshake;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GatewayModelsTest {

    public record Message(String text, int priority) {
    }

    @SocketGateway(namespace = "/chat", enabledIf = "chat.enabled")
    static class GoodGateway {
        @OnConnect
        public void joined(Socket socket, Handshake handshake, Namespace namespace) {
        }

        @OnDisconnect
        public void left(Socket socket, String reason, Namespace namespace) {
        }

        @OnEvent("message")
        public String message(Socket socket, Message message, Ack ack) {
            return "ok";
        }

        @OnEvent("raw")
        void raw(Payload payload, Handshake handshake) {
        }

        @OnEvent("typed")
        protected void typed(String text, int count, byte[] file, JsonObject meta, List<String> tags, Map<String, Object> extra) {
        }

        public void notAHandler(Runnable ignored) {
        }
    }

    @SocketGateway
    static class MainGateway {
        @OnEvent("e")
        public void e() {
        }
    }

    private static GatewayModel read(Class<?> gateway, List<String> problems) {
        return GatewayModels.read(gateway, problems);
    }

    private static List<String> problemsOf(Class<?> gateway) {
        List<String> problems = new ArrayList<>();
        read(gateway, problems);
        return problems;
    }

    /** Exactly one problem, naming the class and the method. */
    private static String onlyProblem(Class<?> gateway, String method) {
        List<String> problems = problemsOf(gateway);
        assertEquals(1, problems.size(), problems.toString());
        String problem = problems.get(0);
        assertTrue(problem.contains(gateway.getName() + "." + method), "names " + gateway.getName() + "." + method + ": " + problem);
        return problem;
    }

    // ---- dynamic namespaces ----

    @SocketGateway(namespacePattern = "^/tenant-[a-z0-9]+$")
    static class TenantGateway {
        @OnEvent("e")
        public void e() {
        }
    }

    @SocketGateway(namespace = "/fixed", namespacePattern = "^/tenant-.*$")
    static class BothGateway {
    }

    @SocketGateway(namespacePattern = "^/tenant-(")
    static class BrokenPatternGateway {
    }

    @Test
    void a_pattern_gateway_is_a_dynamic_model_keyed_by_its_pattern() {
        List<String> problems = new ArrayList<>();
        GatewayModel model = read(TenantGateway.class, problems);
        assertEquals(List.of(), problems);
        assertTrue(model.dynamic());
        assertEquals("^/tenant-[a-z0-9]+$", model.namespacePattern());
        assertTrue(model.describe().contains("namespaces matching ^/tenant-[a-z0-9]+$"), model.describe());
        assertFalse(read(MainGateway.class, new ArrayList<>()).dynamic());
    }

    @Test
    void a_gateway_with_a_name_and_a_pattern_or_a_broken_pattern_fails_the_deployment() {
        assertEquals(List.of("Gateway " + BothGateway.class.getName() + ": give either namespace or namespacePattern, not both"),
                problemsOf(BothGateway.class));
        List<String> broken = problemsOf(BrokenPatternGateway.class);
        assertEquals(1, broken.size(), broken.toString());
        assertTrue(broken.get(0).contains("namespacePattern is not a regular expression"), broken.get(0));
    }

    // ---- a good gateway ----

    @Test
    void a_good_gateway_is_read_into_a_model_without_problems() {
        List<String> problems = new ArrayList<>();

        GatewayModel model = read(GoodGateway.class, problems);

        assertEquals(List.of(), problems);
        assertEquals(GoodGateway.class, model.beanClass());
        assertEquals("/chat", model.namespace());
        assertEquals("chat.enabled", model.enabledIf());
        assertEquals("joined", model.onConnect().method().getName());
        assertEquals(HandlerMethod.Kind.CONNECT, model.onConnect().kind());
        assertEquals("left", model.onDisconnect().method().getName());
        assertEquals(HandlerMethod.Kind.DISCONNECT, model.onDisconnect().kind());
        assertEquals(Set.of("message", "raw", "typed"), model.events().keySet());
        HandlerMethod message = model.events().get("message");
        assertEquals("message", message.event());
        assertEquals(HandlerMethod.Kind.EVENT, message.kind());
        assertEquals(3, message.resolvers().length);
        assertTrue(message.returnsValue());
        assertFalse(model.events().get("raw").returnsValue());
        assertEquals(6, model.events().get("typed").resolvers().length);
        assertEquals(GoodGateway.class.getName() + ".message", message.describe());
    }

    @Test
    void a_gateway_without_namespace_serves_the_main_namespace_and_is_always_on() {
        List<String> problems = new ArrayList<>();

        GatewayModel model = read(MainGateway.class, problems);

        assertEquals(List.of(), problems);
        assertEquals("/", model.namespace());
        assertEquals("", model.enabledIf());
        assertNull(model.onConnect());
        assertNull(model.onDisconnect());
        assertNotNull(model.events().get("e"));
    }

    @SocketGateway
    static class BaseGateway {
        @OnEvent("inherited")
        public void inherited(Socket socket) {
        }
    }

    static class DerivedGateway extends BaseGateway {
    }

    @Test
    void handler_methods_are_inherited_from_a_superclass() {
        List<String> problems = new ArrayList<>();

        GatewayModel model = read(DerivedGatewayAnnotated.class, problems);

        assertEquals(List.of(), problems);
        assertEquals(Set.of("inherited", "own"), model.events().keySet());
    }

    @SocketGateway
    static class DerivedGatewayAnnotated extends DerivedGateway {
        @OnEvent("own")
        public void own() {
        }
    }

    // ---- problems ----

    @SocketGateway
    static class TwoHandlersForOneEvent {
        @OnEvent("dup")
        public void first() {
        }

        @OnEvent("dup")
        public void second() {
        }
    }

    @Test
    void two_handlers_for_one_event_are_a_problem_that_names_both_methods() {
        List<String> problems = problemsOf(TwoHandlersForOneEvent.class);

        assertEquals(1, problems.size(), problems.toString());
        String problem = problems.get(0);
        assertTrue(problem.contains("'dup'"), problem);
        assertTrue(problem.contains(TwoHandlersForOneEvent.class.getName() + ".first"), problem);
        assertTrue(problem.contains(TwoHandlersForOneEvent.class.getName() + ".second"), problem);
    }

    @SocketGateway
    static class UnresolvableParameter {
        @OnEvent("run")
        public void run(Socket socket, Runnable task) {
        }
    }

    @Test
    void a_parameter_nothing_can_resolve_is_a_problem_that_names_the_method_and_the_parameter() {
        String problem = onlyProblem(UnresolvableParameter.class, "run");

        assertTrue(problem.contains("parameter 2"), problem);
        assertTrue(problem.contains("Runnable"), problem);
    }

    @SocketGateway
    static class ContainerTypeParameter {
        @OnEvent("thread")
        public void thread(Thread thread) {
        }
    }

    @Test
    void a_container_type_as_a_parameter_is_a_problem() {
        assertTrue(onlyProblem(ContainerTypeParameter.class, "thread").contains("Thread"));
    }

    @SocketGateway
    static class AbstractParameter {
        @OnEvent("abstract")
        public void handle(Number number, java.util.AbstractList<String> list) {
        }
    }

    @Test
    void an_abstract_class_as_a_parameter_is_a_problem() {
        assertTrue(onlyProblem(AbstractParameter.class, "handle").contains("AbstractList"));
    }

    @SocketGateway
    static class ReservedEvent {
        @OnEvent("disconnect")
        public void onDisconnectEvent() {
        }
    }

    @Test
    void a_reserved_event_name_is_a_problem() {
        assertTrue(onlyProblem(ReservedEvent.class, "onDisconnectEvent").contains("'disconnect'"));
        for (String reserved : List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener")) {
            assertTrue(GatewayModels.RESERVED_EVENTS.contains(reserved), reserved);
        }
    }

    @SocketGateway
    static class BlankEvent {
        @OnEvent(" ")
        public void blank() {
        }
    }

    @Test
    void a_blank_event_name_is_a_problem() {
        onlyProblem(BlankEvent.class, "blank");
    }

    @SocketGateway
    static class TwoConnects {
        @OnConnect
        public void one(Socket socket) {
        }

        @OnConnect
        public void two(Socket socket) {
        }
    }

    @Test
    void two_on_connect_methods_are_a_problem_that_names_both() {
        List<String> problems = problemsOf(TwoConnects.class);

        assertEquals(1, problems.size(), problems.toString());
        String problem = problems.get(0);
        assertTrue(problem.contains(TwoConnects.class.getName() + "."), problem);
        assertTrue(problem.contains("one") && problem.contains("two"), problem);
        assertTrue(problem.contains("@OnConnect"), problem);
    }

    @SocketGateway
    static class TwoDisconnects {
        @OnDisconnect
        public void one() {
        }

        @OnDisconnect
        public void two() {
        }
    }

    @Test
    void two_on_disconnect_methods_are_a_problem() {
        List<String> problems = problemsOf(TwoDisconnects.class);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("@OnDisconnect"), problems.get(0));
    }

    @SocketGateway
    static class StaticHandler {
        @OnEvent("s")
        public static void shared() {
        }
    }

    @Test
    void a_static_handler_method_is_a_problem() {
        assertTrue(onlyProblem(StaticHandler.class, "shared").contains("static"));
    }

    @SocketGateway
    static class PrivateHandler {
        @OnEvent("p")
        private void hidden() {
        }
    }

    @Test
    void a_private_handler_method_is_a_problem() {
        assertTrue(onlyProblem(PrivateHandler.class, "hidden").contains("private"));
    }

    @SocketGateway
    static class WrongConnectParameter {
        @OnConnect
        public void joined(Socket socket, String text) {
        }
    }

    @Test
    void a_payload_parameter_on_on_connect_is_a_problem() {
        String problem = onlyProblem(WrongConnectParameter.class, "joined");

        assertTrue(problem.contains("parameter 2"), problem);
    }

    @SocketGateway
    static class WrongDisconnectParameter {
        @OnDisconnect
        public void left(Handshake handshake) {
        }
    }

    @Test
    void a_handshake_parameter_on_on_disconnect_is_a_problem() {
        String problem = onlyProblem(WrongDisconnectParameter.class, "left");

        assertTrue(problem.contains("Handshake"), problem);
    }

    @SocketGateway
    static class AckOnConnect {
        @OnConnect
        public void joined(Ack ack) {
        }
    }

    @Test
    void an_ack_parameter_on_on_connect_is_a_problem() {
        onlyProblem(AckOnConnect.class, "joined");
    }

    @SocketGateway
    static class TwoMarks {
        @OnConnect
        @OnEvent("both")
        public void confused(Socket socket) {
        }
    }

    @Test
    void a_method_with_two_handler_annotations_is_a_problem() {
        onlyProblem(TwoMarks.class, "confused");
    }

    @SocketGateway
    static class DuplicateSpecialParameter {
        @OnEvent("twice")
        public void twice(Socket a, Socket b) {
        }
    }

    @Test
    void a_socket_parameter_twice_is_a_problem() {
        assertTrue(onlyProblem(DuplicateSpecialParameter.class, "twice").contains("twice"));
    }

    @SocketGateway
    static class VarargsHandler {
        @OnEvent("many")
        public void many(String... values) {
        }
    }

    @Test
    void a_varargs_handler_is_a_problem() {
        onlyProblem(VarargsHandler.class, "many");
    }

    @SocketGateway(namespace = "chat")
    static class BadNamespace {
    }

    @Test
    void a_namespace_without_leading_slash_is_a_problem_that_names_the_class() {
        List<String> problems = problemsOf(BadNamespace.class);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(BadNamespace.class.getName()), problems.get(0));
    }

    @SocketGateway
    static class SeveralProblems {
        @OnEvent("connect")
        public void reserved() {
        }

        @OnEvent("ok")
        public static void isStatic() {
        }

        @OnEvent("r")
        public void unresolvable(Runnable r) {
        }
    }

    @Test
    void every_problem_of_a_gateway_is_reported_not_only_the_first() {
        List<String> problems = problemsOf(SeveralProblems.class);

        assertEquals(3, problems.size(), problems.toString());
        String all = String.join("\n", problems);
        assertTrue(all.contains(".reserved"), all);
        assertTrue(all.contains(".isStatic"), all);
        assertTrue(all.contains(".unresolvable"), all);
    }
}
