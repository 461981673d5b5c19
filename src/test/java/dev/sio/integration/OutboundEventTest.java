package dev.sio.integration;

import dev.sio.socketio.server.JsonBuilders;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OutboundEventTest {

    private static JsonObject parse(byte[] body) {
        return JsonBuilders.provider().createReader(new ByteArrayInputStream(body)).readObject();
    }

    @Test
    void the_routing_key_is_the_namespace_without_its_slash_then_the_event() {
        OutboundEvent event = new OutboundEvent("/chat", "roomMessage", JsonValue.EMPTY_JSON_ARRAY, "s1", "u1", "Ann", 1L);
        assertEquals("chat.roomMessage", event.routingKey());
    }

    @Test
    void the_body_carries_namespace_event_args_socket_user_and_time() {
        var args = JsonBuilders.array().add(JsonBuilders.object().add("room", "lobby").add("message", "hi")).build();
        OutboundEvent event = new OutboundEvent("/chat", "roomMessage", args, "s1", "u1", "Ann", 1_700_000_000_000L);

        JsonObject body = parse(event.body());

        assertEquals("/chat", body.getString("nsp"));
        assertEquals("roomMessage", body.getString("event"));
        assertEquals(args, body.getJsonArray("args"));
        assertEquals("s1", body.getJsonObject("socket").getString("id"));
        assertEquals(JsonBuilders.object().add("id", "u1").add("name", "Ann").build(), body.getJsonObject("socket").getJsonObject("user"));
        assertEquals(1_700_000_000_000L, body.getJsonNumber("ts").longValue());
    }

    @Test
    void an_anonymous_socket_has_a_null_user() {
        OutboundEvent event = new OutboundEvent("/", "ping", JsonValue.EMPTY_JSON_ARRAY, "s1", null, null, 1L);
        assertTrue(parse(event.body()).getJsonObject("socket").isNull("user"));
        assertEquals(".ping", event.routingKey());
    }

    @Test
    void the_selection_names_namespace_and_event() {
        OutboundSelection selection = OutboundSelection.parse(" /chat:roomMessage , /chat:message,/tenant-a:note ");

        assertTrue(selection.contains("/chat", "roomMessage"));
        assertTrue(selection.contains("/tenant-a", "note"));
        assertFalse(selection.contains("/chat", "joinRoom"));
        assertFalse(selection.contains("/other", "roomMessage"));
        assertTrue(OutboundSelection.parse("").isEmpty());
        assertTrue(OutboundSelection.parse(null).isEmpty());
    }

    @Test
    void a_selection_entry_without_namespace_or_event_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> OutboundSelection.parse("chat:roomMessage"));
        assertThrows(IllegalArgumentException.class, () -> OutboundSelection.parse("/chat"));
        assertThrows(IllegalArgumentException.class, () -> OutboundSelection.parse("/chat:"));
    }
}
