package dev.sio.engineio.server;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EngineErrorTest {

    @Test
    void each_error_has_the_code_and_message_of_the_reference_server() {
        assertEquals("{\"code\":0,\"message\":\"Transport unknown\"}", EngineError.UNKNOWN_TRANSPORT.json());
        assertEquals("{\"code\":1,\"message\":\"Session ID unknown\"}", EngineError.UNKNOWN_SID.json());
        assertEquals("{\"code\":2,\"message\":\"Bad handshake method\"}", EngineError.BAD_HANDSHAKE_METHOD.json());
        assertEquals("{\"code\":3,\"message\":\"Bad request\"}", EngineError.BAD_REQUEST.json());
        assertEquals("{\"code\":4,\"message\":\"Forbidden\"}", EngineError.FORBIDDEN.json());
        assertEquals("{\"code\":5,\"message\":\"Unsupported protocol version\"}", EngineError.UNSUPPORTED_PROTOCOL_VERSION.json());
    }

    @Test
    void every_error_body_is_valid_json_with_exactly_code_and_message() {
        for (EngineError error : EngineError.values()) {
            JsonObject body = Json.createReader(new StringReader(error.json())).readObject();
            assertEquals(Set.of("code", "message"), body.keySet(), error.name());
            assertEquals(error.code(), body.getInt("code"), error.name());
            assertEquals(error.message(), body.getString("message"), error.name());
        }
    }
}
