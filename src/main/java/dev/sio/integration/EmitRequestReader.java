package dev.sio.integration;

import dev.sio.socketio.server.JsonBuilders;
import dev.sio.socketio.server.ReservedEvents;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads and checks the body of an emit request (UTF-8 JSON):
 * {@code {"nsp": "/chat", "rooms": ["lobby"], "except": [], "event": "message", "args": [...]}}, or
 * {@code "user": "<sub>"} instead of {@code rooms}. Only {@code event} is required: {@code nsp}
 * defaults to "/", {@code rooms}, {@code except} and {@code args} to empty. Unknown members are
 * refused, so a misspelt {@code "room"} does not silently reach the whole namespace. Stateless.
 */
public final class EmitRequestReader {

    static final Set<String> MEMBERS = Set.of("nsp", "rooms", "except", "user", "event", "args");
    /** Longest event, room or user name taken: far beyond any real one, short enough for a log line. */
    static final int MAX_NAME = 256;

    public EmitRequest read(byte[] body) throws InvalidEmitException {
        JsonValue value;
        try (JsonReader reader = JsonBuilders.provider().createReader(new ByteArrayInputStream(body))) {
            value = reader.readValue();
        } catch (JsonParsingException e) {
            throw new InvalidEmitException("not valid JSON (at character " + e.getLocation().getStreamOffset() + ")");
        } catch (JsonException e) {
            throw new InvalidEmitException("not valid JSON");
        }
        if (!(value instanceof JsonObject object)) throw new InvalidEmitException("the body must be a JSON object");
        for (String member : object.keySet()) {
            if (!MEMBERS.contains(member)) throw new InvalidEmitException("unknown member '" + cut(member) + "' (known: nsp, rooms, except, user, event, args)");
        }
        String namespace = optionalString(object, "nsp", "/");
        if (!namespace.startsWith("/")) throw new InvalidEmitException("nsp must start with '/'");
        String event = optionalString(object, "event", null);
        if (event == null || event.isEmpty()) throw new InvalidEmitException("event is required: a non-empty string");
        if (ReservedEvents.contains(event)) throw new InvalidEmitException("event '" + event + "' is reserved");
        List<String> rooms = names(object, "rooms");
        List<String> except = names(object, "except");
        String user = optionalString(object, "user", null);
        if (user != null && user.isEmpty()) throw new InvalidEmitException("user must be a non-empty string");
        if (user != null && !rooms.isEmpty()) throw new InvalidEmitException("give either rooms or user, not both");
        JsonValue args = object.getOrDefault("args", JsonValue.EMPTY_JSON_ARRAY);
        if (!(args instanceof JsonArray array)) throw new InvalidEmitException("args must be an array");
        return new EmitRequest(namespace, rooms, except, user, event, array);
    }

    private static String optionalString(JsonObject object, String member, String absent) throws InvalidEmitException {
        JsonValue value = object.get(member);
        if (value == null || value == JsonValue.NULL) return absent;
        if (!(value instanceof JsonString text)) throw new InvalidEmitException(member + " must be a string");
        if (text.getString().length() > MAX_NAME) throw new InvalidEmitException(member + " is longer than " + MAX_NAME + " characters");
        return text.getString();
    }

    private static List<String> names(JsonObject object, String member) throws InvalidEmitException {
        JsonValue value = object.get(member);
        if (value == null || value == JsonValue.NULL) return List.of();
        if (!(value instanceof JsonArray array)) throw new InvalidEmitException(member + " must be an array of strings");
        List<String> names = new ArrayList<>(array.size());
        for (JsonValue item : array) {
            if (!(item instanceof JsonString text) || text.getString().isEmpty()) {
                throw new InvalidEmitException(member + " must hold non-empty strings");
            }
            if (text.getString().length() > MAX_NAME) throw new InvalidEmitException(member + " holds a name longer than " + MAX_NAME + " characters");
            names.add(text.getString());
        }
        return names;
    }

    private static String cut(String text) {
        String safe = text.replaceAll("[^\\w.-]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "..." : safe;
    }
}
