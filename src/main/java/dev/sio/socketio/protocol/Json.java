package dev.sio.socketio.protocol;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParserFactory;

import java.util.Map;

/**
 * The JSON-P provider and factories, looked up once: {@code JsonProvider.provider()} scans the
 * class path (ServiceLoader) and would be far too slow per packet.
 */
final class Json {

    static final JsonProvider PROVIDER = JsonProvider.provider();

    /** Parsers from a shared factory reuse the provider's buffer pool. */
    static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());

    private Json() {
    }
}
