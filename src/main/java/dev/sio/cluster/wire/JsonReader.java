package dev.sio.cluster.wire;

import dev.sio.socketio.protocol.msgpack.WireFormatException;
import dev.sio.socketio.protocol.msgpack.WireLimits;
import dev.sio.socketio.protocol.msgpack.WireValues;

import dev.sio.socketio.protocol.JsonFactories;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON document into {@link WireValues} with a streaming parser, within {@link
 * WireLimits} (size, depth, element count). Integral numbers that fit become {@link Long}, the
 * others {@link Double}.
 */
public final class JsonReader {

    private static final JsonParserFactory PARSERS = JsonFactories.PROVIDER.createParserFactory(Map.of());

    private final WireLimits limits;

    public JsonReader(WireLimits limits) {
        this.limits = limits;
    }

    public Object read(byte[] bytes) throws WireFormatException {
        limits.checkSize(bytes.length);
        try (JsonParser p = PARSERS.createParser(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            if (!p.hasNext()) {
                throw new WireFormatException("empty JSON message");
            }
            int[] elements = {0};
            Object value = value(p, p.next(), 0, elements);
            if (p.hasNext()) {
                throw new WireFormatException("trailing data after the JSON value");
            }
            return value;
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new WireFormatException("malformed JSON: " + e.getMessage(), e);
        }
    }

    private Object value(JsonParser p, JsonParser.Event e, int depth, int[] elements) throws WireFormatException {
        switch (e) {
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_STRING:
                return p.getString();
            case VALUE_NUMBER:
                return number(p);
            case START_ARRAY: {
                checkDepth(depth);
                List<Object> list = new ArrayList<>();
                for (JsonParser.Event next = p.next(); next != JsonParser.Event.END_ARRAY; next = p.next()) {
                    count(elements);
                    list.add(value(p, next, depth + 1, elements));
                }
                return list;
            }
            case START_OBJECT: {
                checkDepth(depth);
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonParser.Event next = p.next(); next != JsonParser.Event.END_OBJECT; next = p.next()) {
                    count(elements);
                    String key = p.getString();
                    map.put(key, value(p, p.next(), depth + 1, elements));
                }
                return map;
            }
            default:
                throw new WireFormatException("unexpected JSON event " + e);
        }
    }

    private static Object number(JsonParser p) {
        BigDecimal d = p.getBigDecimal();
        if (p.isIntegralNumber() && d.precision() - d.scale() <= 18) {
            return d.longValue();
        }
        return d.doubleValue();
    }

    private void checkDepth(int depth) throws WireFormatException {
        if (depth >= limits.maxDepth()) {
            throw new WireFormatException("nesting deeper than " + limits.maxDepth());
        }
    }

    private void count(int[] elements) throws WireFormatException {
        if (++elements[0] > limits.maxElements()) {
            throw new WireFormatException("more than " + limits.maxElements() + " elements");
        }
    }
}
