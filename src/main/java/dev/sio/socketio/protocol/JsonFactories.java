package dev.sio.socketio.protocol;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParserFactory;

import java.util.Map;

/**
 * The JSON-P provider and factories, looked up once. Every {@code jakarta.json.Json.createX(..)}
 * call looks the provider up again ({@code JsonProvider.provider()}: a ServiceLoader scan of the
 * application's class path, on Payara a walk over every jar): far too slow per packet, per message
 * or per connection. Use {@link #PROVIDER} instead.
 */
public final class JsonFactories {

    public static final JsonProvider PROVIDER = JsonProvider.provider();

    /** Parsers from a shared factory reuse the provider's buffer pool. */
    static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());

    private JsonFactories() {
    }
}
