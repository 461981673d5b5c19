package dev.sio.socketio.server;

import dev.sio.socketio.protocol.JsonFactories;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * JSON-P builders for applications, from a provider looked up once. Use these instead of
 * {@code jakarta.json.Json.createObjectBuilder()}: each {@code Json.createX(..)} call looks the
 * provider up again (a ServiceLoader scan of the class path; on Payara a walk over every jar), which
 * a handler that answers every event would pay per message.
 */
public final class JsonBuilders {

    private JsonBuilders() {
    }

    /** A new object builder: {@code JsonBuilders.object().add("ok", true).build()}. */
    public static JsonObjectBuilder object() {
        return JsonFactories.PROVIDER.createObjectBuilder();
    }

    /** A new array builder. */
    public static JsonArrayBuilder array() {
        return JsonFactories.PROVIDER.createArrayBuilder();
    }

    /** The provider itself, for what the builders do not cover (parsers, pointers, patches). */
    public static JsonProvider provider() {
        return JsonFactories.PROVIDER;
    }
}
