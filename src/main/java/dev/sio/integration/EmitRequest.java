package dev.sio.integration;

import jakarta.json.JsonArray;

import java.util.List;

/**
 * One emit asked for by another service (a RabbitMQ message or {@code POST /api/emit}): the event
 * and its arguments, to the rooms of a namespace (none: the whole namespace) or to every socket of
 * one user, minus the sockets in the {@code except} rooms.
 *
 * @param user the token's {@code sub} of the user to reach, or null when {@code rooms} is used
 */
public record EmitRequest(String namespace, List<String> rooms, List<String> except, String user, String event, JsonArray args) {

    public EmitRequest {
        rooms = List.copyOf(rooms);
        except = List.copyOf(except);
    }
}
