package dev.sio.socketio.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;

import java.util.Set;

/**
 * What each packet type may carry, as the reference parser enforces it, plus the placeholder
 * check for EVENT and ACK packets. A receiver that finds a violation must close the connection.
 */
public final class PayloadRules {

    /** Event names with a meaning of their own on the client or server: a client may not emit them. */
    static final Set<String> RESERVED_EVENTS =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private PayloadRules() {
    }

    /**
     * Checks {@code data} (null when absent) against the rules for {@code type}.
     *
     * @param attachments how many binary attachments the packet announced (0 for non-binary types)
     */
    public static void check(PacketType type, JsonValue data, int attachments) throws SocketIoProtocolException {
        switch (type) {
            case CONNECT -> {
                if (data != null && data.getValueType() != ValueType.OBJECT) {
                    throw invalid(type, "expected a JSON object");
                }
            }
            case DISCONNECT -> {
                if (data != null) {
                    throw invalid(type, "expected no payload");
                }
            }
            case CONNECT_ERROR -> {
                if (data == null || (data.getValueType() != ValueType.STRING && data.getValueType() != ValueType.OBJECT)) {
                    throw invalid(type, "expected a string or a JSON object");
                }
            }
            case EVENT, BINARY_EVENT -> {
                checkEventData(type, data);
                checkPlaceholders(data, attachments);
            }
            case ACK, BINARY_ACK -> {
                if (data == null || data.getValueType() != ValueType.ARRAY) {
                    throw invalid(type, "expected an array");
                }
                checkPlaceholders(data, attachments);
            }
        }
    }

    private static void checkEventData(PacketType type, JsonValue data) throws SocketIoProtocolException {
        if (data == null || data.getValueType() != ValueType.ARRAY || ((JsonArray) data).isEmpty()) {
            throw invalid(type, "expected a non-empty array");
        }
        JsonValue name = ((JsonArray) data).get(0);
        switch (name.getValueType()) {
            case NUMBER -> {
                // the reference parser accepts numeric event names
            }
            case STRING -> {
                String event = ((JsonString) name).getString();
                if (RESERVED_EVENTS.contains(event)) {
                    // safe to quote: it is one of the six names above
                    throw invalid(type, "reserved event name \"" + event + "\"");
                }
            }
            default -> throw invalid(type, "the event name must be a string or a number");
        }
    }

    /**
     * Every placeholder must point at an announced attachment, so that whoever substitutes
     * them later can index the attachment list without checking again. A placeholder in a
     * packet that announced none is refused for the same reason.
     */
    static void checkPlaceholders(JsonValue value, int attachments) throws SocketIoProtocolException {
        switch (value.getValueType()) {
            case ARRAY -> {
                JsonArray array = (JsonArray) value;
                for (int i = 0, n = array.size(); i < n; i++) {
                    checkPlaceholders(array.get(i), attachments);
                }
            }
            case OBJECT -> {
                JsonObject object = (JsonObject) value;
                if (!Placeholders.isPlaceholder(object)) {
                    for (JsonValue member : object.values()) {
                        checkPlaceholders(member, attachments);
                    }
                    return;
                }
                int num = Placeholders.numOrMinusOne(object);
                if (num < 0) {
                    throw new SocketIoProtocolException("illegal attachments: placeholder num is not a non-negative integer");
                }
                if (attachments == 0) {
                    throw new SocketIoProtocolException("illegal attachments: placeholder in a packet without attachments");
                }
                if (num >= attachments) {
                    throw new SocketIoProtocolException(
                            "illegal attachments: placeholder num " + num + " is not below the attachment count " + attachments);
                }
            }
            default -> {
                // scalars cannot hold placeholders
            }
        }
    }

    private static SocketIoProtocolException invalid(PacketType type, String why) {
        return new SocketIoProtocolException("invalid payload for " + type + ": " + why);
    }
}
