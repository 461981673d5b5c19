package dev.sio.integration;

import jakarta.json.JsonArray;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EmitRequestReaderTest {

    private final EmitRequestReader reader = new EmitRequestReader();

    private EmitRequest read(String json) throws InvalidEmitException {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private String refusal(String json) {
        return assertThrows(InvalidEmitException.class, () -> read(json)).getMessage();
    }

    @Test
    void a_full_request_is_read_as_given() throws Exception {
        EmitRequest request = read("""
                {"nsp": "/chat", "rooms": ["lobby", "ops"], "except": ["muted"], "event": "message", "args": [{"text": "hi"}, 2]}""");

        assertEquals("/chat", request.namespace());
        assertEquals(List.of("lobby", "ops"), request.rooms());
        assertEquals(List.of("muted"), request.except());
        assertNull(request.user());
        assertEquals("message", request.event());
        JsonArray args = request.args();
        assertEquals(2, args.size());
        assertEquals("hi", args.getJsonObject(0).getString("text"));
        assertEquals(2, args.getInt(1));
    }

    @Test
    void only_the_event_is_required() throws Exception {
        EmitRequest request = read("{\"event\": \"tick\"}");

        assertEquals("/", request.namespace());
        assertTrue(request.rooms().isEmpty(), "no rooms: the whole namespace");
        assertTrue(request.except().isEmpty());
        assertTrue(request.args().isEmpty());
    }

    @Test
    void a_user_takes_the_place_of_rooms() throws Exception {
        EmitRequest request = read("{\"nsp\": \"/chat\", \"user\": \"u-42\", \"event\": \"notice\", \"args\": [\"x\"]}");

        assertEquals("u-42", request.user());
        assertTrue(request.rooms().isEmpty());
    }

    @Test
    void malformed_bodies_are_refused_with_what_is_wrong() {
        assertTrue(refusal("{\"event\": ").startsWith("not valid JSON"));
        assertEquals("not valid JSON", refusal(""));
        assertEquals("the body must be a JSON object", refusal("[1, 2]"));
        assertEquals("event is required: a non-empty string", refusal("{\"nsp\": \"/chat\"}"));
        assertEquals("event is required: a non-empty string", refusal("{\"event\": \"\"}"));
        assertEquals("event must be a string", refusal("{\"event\": 7}"));
        assertEquals("nsp must start with '/'", refusal("{\"nsp\": \"chat\", \"event\": \"e\"}"));
        assertEquals("rooms must be an array of strings", refusal("{\"event\": \"e\", \"rooms\": \"lobby\"}"));
        assertEquals("rooms must hold non-empty strings", refusal("{\"event\": \"e\", \"rooms\": [1]}"));
        assertEquals("except must hold non-empty strings", refusal("{\"event\": \"e\", \"except\": [\"\"]}"));
        assertEquals("args must be an array", refusal("{\"event\": \"e\", \"args\": {\"a\": 1}}"));
        assertEquals("give either rooms or user, not both", refusal("{\"event\": \"e\", \"rooms\": [\"r\"], \"user\": \"u\"}"));
        assertEquals("user must be a non-empty string", refusal("{\"event\": \"e\", \"user\": \"\"}"));
    }

    @Test
    void a_misspelt_member_is_refused_rather_than_reaching_the_whole_namespace() {
        assertEquals("unknown member 'room' (known: nsp, rooms, except, user, event, args)",
                refusal("{\"event\": \"e\", \"room\": \"lobby\"}"));
    }

    @Test
    void reserved_event_names_are_refused() {
        for (String reserved : List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener")) {
            assertEquals("event '" + reserved + "' is reserved", refusal("{\"event\": \"" + reserved + "\"}"));
        }
    }

    @Test
    void overlong_names_are_refused() {
        String longName = "r".repeat(EmitRequestReader.MAX_NAME + 1);
        assertEquals("rooms holds a name longer than 256 characters", refusal("{\"event\": \"e\", \"rooms\": [\"" + longName + "\"]}"));
        assertEquals("event is longer than 256 characters", refusal("{\"event\": \"" + longName + "\"}"));
    }
}
