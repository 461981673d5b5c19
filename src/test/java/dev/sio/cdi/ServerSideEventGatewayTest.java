package dev.sio.cdi;

import dev.sio.socketio.broadcast.Adapter;
import dev.sio.socketio.broadcast.AdapterFactory;
import dev.sio.socketio.broadcast.AdapterHost;
import dev.sio.socketio.broadcast.Arguments;
import dev.sio.socketio.broadcast.InMemoryAdapter;
import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.PayloadMapper;
import dev.sio.socketio.server.Socket;
import dev.sio.socketio.server.SocketIoConfig;
import dev.sio.socketio.server.SocketIoServer;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OnServerSideEvent}: a server-side event another node emitted reaches the gateway method
 * through the adapter's host, as a cluster adapter hands it over, and its return value answers.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ServerSideEventGatewayTest {

    @SocketGateway(namespace = "/ops")
    static class OpsGateway {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @OnServerSideEvent("ping")
        String ping(Namespace namespace, String from, int n) {
            calls.add(namespace.name() + " " + from + " " + n);
            return "pong from " + namespace.name();
        }

        @OnServerSideEvent("note")
        void note(Map<String, Object> body, Ack ack) {
            calls.add("note " + body.get("k") + " " + (ack != null));
        }
    }

    @SocketGateway(namespace = "/bad")
    static class BadGateway {
        @OnServerSideEvent("x")
        void x(Socket socket) {
        }
    }

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final Map<String, AdapterHost> hosts = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private SocketIoServer server() {
        // the in-memory adapter, with its host kept: what a cluster adapter calls when a peer's event arrives
        AdapterFactory capturing = (namespace, recovery) -> {
            InMemoryAdapter inner = new InMemoryAdapter(recovery);
            return (Adapter) Proxy.newProxyInstance(Adapter.class.getClassLoader(), new Class<?>[] {Adapter.class}, (proxy, method, a) -> {
                if (method.getName().equals("init")) hosts.put(namespace, (AdapterHost) a[0]);
                try {
                    return method.invoke(inner, a);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        };
        return new SocketIoServer(new SocketIoConfig(Duration.ofSeconds(5), 10).withAdapter(capturing), scheduler, new PayloadMapper());
    }

    private static Arguments args(String json) {
        JsonArray values = JsonFactories.PROVIDER.createReader(new StringReader(json)).readArray();
        return new Arguments(values, List.of());
    }

    @Test
    void a_server_side_event_from_another_node_reaches_the_method_and_its_value_answers() throws Exception {
        SocketIoServer server = server();
        OpsGateway gateway = new OpsGateway();
        List<String> problems = new ArrayList<>();
        GatewayModel model = GatewayModels.read(OpsGateway.class, problems);
        assertEquals(List.of(), problems);
        GatewayBinder.bind(model, gateway, server.of("/ops"));

        CompletableFuture<Arguments> answer = new CompletableFuture<>();
        scheduler.execute(() -> hosts.get("/ops").serverSideEmitReceived(args("[\"ping\",\"node-b\",3]"), answer::complete));
        hosts.get("/ops").serverSideEmitReceived(args("[\"note\",{\"k\":\"v\"}]"), null);

        assertEquals("[\"pong from /ops\"]", answer.get(5, TimeUnit.SECONDS).values().toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gateway.calls.size() < 2 && System.nanoTime() < deadline) Thread.sleep(5); // polling a condition, bounded
        assertTrue(gateway.calls.containsAll(List.of("/ops node-b 3", "note v false")), gateway.calls.toString());
    }

    @Test
    void a_server_side_handler_that_asks_for_a_socket_fails_the_deployment() {
        List<String> problems = new ArrayList<>();
        GatewayModels.read(BadGateway.class, problems);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("has no socket, token or handshake"), problems.get(0));
    }
}
