package dev.sio.auth;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.Claims;

/**
 * Converts a claim's JSON value to the Java type the MP-JWT spec gives it in {@link Claims}:
 * {@code String}, {@code Long}, {@code Boolean}, {@code Set<String>} or {@code JsonObject}. Claims
 * the spec does not name stay as JSON-P values ({@code JsonString}, {@code JsonNumber},
 * {@code JsonArray}, {@code JsonObject}, {@code JsonValue.TRUE/FALSE}), as the spec asks.
 *
 * <p>When the token's JSON does not have the shape the spec expects (say {@code amr} as an array
 * where the spec says String), the JSON-P value is returned unchanged rather than guessed at.
 */
final class ClaimValues {
    private ClaimValues() {
    }

    static Object convert(String name, JsonValue value) {
        return convert(typeOf(name), value);
    }

    static Class<?> typeOf(String name) {
        try {
            return Claims.valueOf(name).getType();
        } catch (IllegalArgumentException e) {
            return Claims.UNKNOWN.getType();
        }
    }

    static Object convert(Class<?> type, JsonValue value) {
        if (type == String.class && value instanceof JsonString s) {
            return s.getString();
        }
        if (type == Long.class && value instanceof JsonNumber n) {
            return n.longValue();
        }
        if (type == Boolean.class && (value == JsonValue.TRUE || value == JsonValue.FALSE)) {
            return value == JsonValue.TRUE;
        }
        if (type == Set.class) {
            Set<String> strings = stringSet(value);
            return strings == null ? value : strings;
        }
        if (type == JsonObject.class && value instanceof JsonObject) {
            return value;
        }
        return value;
    }

    /** {@code ["a","b"]} or {@code "a"} (some SSOs send a single audience as a string) as an immutable set. */
    static Set<String> stringSet(JsonValue value) {
        if (value instanceof JsonString s) {
            return Set.of(s.getString());
        }
        if (value instanceof JsonArray array) {
            Set<String> result = new LinkedHashSet<>();
            for (JsonValue item : array) {
                if (!(item instanceof JsonString s)) {
                    return null;
                }
                result.add(s.getString());
            }
            return java.util.Collections.unmodifiableSet(result);
        }
        return null;
    }
}
