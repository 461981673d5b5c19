package dev.sio.cdi;

import dev.sio.integration.OutboundBuffer;
import dev.sio.integration.OutboundEvent;
import dev.sio.integration.OutboundSelection;
import dev.sio.integration.UserRooms;
import dev.sio.socketio.server.JsonBuilders;
import dev.sio.socketio.server.Socket;
import jakarta.annotation.security.RolesAllowed;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which client events reach the outbound buffer: only the selected ones a gateway accepted, with their user. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OutboundEventsTest {

    @SocketGateway(namespace = "/out")
    @RolesAllowed("**")
    static class OutGateway {
        final CompletableFuture<JsonObject> later = new CompletableFuture<>();

        @OnEvent("say")
        JsonObject say(JsonValue body) {
            return body instanceof JsonObject ? JsonBuilders.object().add("ok", true).build()
                    : JsonBuilders.object().add("ok", false).add("error", "say takes an object").build();
        }

        @RolesAllowed("admin")
        @OnEvent("purge")
        void purge() {
        }

        @OnEvent("slow")
        CompletionStage<JsonObject> slow() {
            return later;
        }

        @OnEvent("unselected")
        void unselected() {
        }
    }

    private final AuthHarness harness = new AuthHarness();
    private final OutboundBuffer buffer = new OutboundBuffer(10);
    private final OutGateway gateway = new OutGateway();

    @AfterEach
    void stop() {
        harness.close();
    }

    private AuthHarness.Client connected() {
        harness.bind(gateway, new OutboundEvents(OutboundSelection.parse("/out:say,/out:purge,/out:slow"), buffer));
        AuthHarness.Client client = harness.open();
        assertTrue(client.connect("/out", AuthHarness.token("alice", "Alice A.", 600)).startsWith("40/out,{\"sid\":"));
        return client;
    }

    @Test
    void an_accepted_selected_event_is_buffered_with_its_args_socket_and_user_but_not_the_ack() throws Exception {
        AuthHarness.Client client = connected();

        client.send("2/out,5[\"say\",{\"text\":\"hi\"}]");
        assertEquals("43/out,5[{\"ok\":true}]", client.next());

        OutboundEvent event = buffer.poll(0);
        assertEquals("/out", event.namespace());
        assertEquals("say", event.event());
        assertEquals("[{\"text\":\"hi\"}]", event.args().toString());
        assertEquals("alice", event.userId());
        assertEquals("Alice A.", event.userName());
        assertTrue(harness.io.of("/out").socket(event.socketId()) != null, "the sender's socket id");
        assertNull(buffer.poll(0), "one event, once");
    }

    @Test
    void an_event_the_handler_refuses_or_a_guard_refuses_is_not_buffered() throws Exception {
        AuthHarness.Client client = connected();

        client.send("2/out,6[\"say\",\"not an object\"]");
        assertTrue(client.next().startsWith("43/out,6[{\"ok\":false"), "the handler refuses");
        client.send("2/out,7[\"purge\"]");
        assertTrue(client.next().startsWith("43/out,7[{\"ok\":false"), "the guard refuses");
        client.send("2/out,8[\"say\",{\"text\":\"good\"}]");
        assertEquals("43/out,8[{\"ok\":true}]", client.next());

        assertEquals("[{\"text\":\"good\"}]", buffer.poll(0).args().toString(), "only the accepted one");
        assertNull(buffer.poll(0));
    }

    @Test
    void an_event_that_is_not_selected_is_not_buffered() throws Exception {
        AuthHarness.Client client = connected();

        client.send("2/out,9[\"unselected\"]");
        client.send("2/out,10[\"say\",{}]");
        assertEquals("43/out,10[{\"ok\":true}]", client.next());

        assertEquals("say", buffer.poll(0).event());
        assertNull(buffer.poll(0));
    }

    @Test
    void an_asynchronous_handler_counts_once_its_stage_completes_without_refusal() throws Exception {
        AuthHarness.Client client = connected();

        client.send("2/out,11[\"slow\"]");
        assertNull(buffer.poll(0), "not before the stage completes");
        gateway.later.complete(JsonBuilders.object().add("ok", true).build());
        assertEquals("43/out,11[{\"ok\":true}]", client.next());

        assertEquals("slow", buffer.poll(0).event());
    }

    @Test
    void a_users_sockets_join_the_users_reserved_room() {
        UserRooms.install(harness.io);
        connected();

        Socket socket = harness.io.of("/out").sockets().values().iterator().next();
        assertTrue(socket.rooms().contains("sio:user:alice"), socket.rooms().toString());
        assertTrue(UserRooms.isReserved(UserRooms.of("alice")));
    }
}
