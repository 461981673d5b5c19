package dev.sio.socketio.server;

import jakarta.json.JsonValue;

import java.lang.reflect.Type;
import java.util.List;

/**
 * The arguments of an event or an acknowledgement, as received: JSON values in which binary
 * attachments stand as placeholders, and the attachments. Read them as Java types with
 * {@link #get}; pass them on unchanged with {@link #values()}.
 */
public final class Payload {

    private final List<JsonValue> args;
    private final List<byte[]> attachments;
    private final PayloadMapper mapper;

    public Payload(List<JsonValue> args, List<byte[]> attachments, PayloadMapper mapper) {
        this.args = args;
        this.attachments = attachments;
        this.mapper = mapper;
    }

    public int size() {
        return args.size();
    }

    public boolean isEmpty() {
        return args.isEmpty();
    }

    /** The raw JSON of argument i (binary parts are placeholders). */
    public JsonValue json(int i) {
        return args.get(i);
    }

    public List<JsonValue> json() {
        return args;
    }

    public List<byte[]> attachments() {
        return attachments;
    }

    /**
     * Argument i as the given type (JSON-B for objects; {@code byte[]} for binary).
     *
     * @throws IllegalArgumentException when it is missing or does not fit the type
     */
    public <T> T get(int i, Type type) {
        if (i >= args.size()) throw new IllegalArgumentException("argument " + i + " is missing");
        return mapper.fromJson(args.get(i), attachments, type);
    }

    public <T> T get(int i, Class<T> type) {
        return get(i, (Type) type);
    }

    /**
     * The arguments ready to be sent again ({@code socket.emit("x", payload.values())}): JSON
     * values as they are, and plain Java with byte arrays where binaries stood.
     */
    public Object[] values() {
        Object[] out = new Object[args.size()];
        for (int i = 0; i < out.length; i++) {
            JsonValue value = args.get(i);
            out[i] = !attachments.isEmpty() && PayloadMapper.containsPlaceholder(value)
                    ? mapper.toNatural(value, attachments) : value;
        }
        return out;
    }

    @Override
    public String toString() {
        String text = args.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
