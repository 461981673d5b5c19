package dev.sio.cluster.recovery;

import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.recovery.StoredPacket;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stored packet as the fields of its stream entry: {@code nsp}, {@code rooms} and {@code except}
 * (JSON arrays), {@code text} (the EVENT encoded without offset), {@code att} (a JSON array of the
 * binary attachments in base64) and {@code size} (what it counts against the byte bounds).
 */
final class StoredPacketFields {

    private StoredPacketFields() {
    }

    static String rooms(Set<String> rooms) {
        JsonArrayBuilder array = JsonFactories.PROVIDER.createArrayBuilder();
        for (String room : rooms) array.add(room);
        return array.build().toString();
    }

    static String attachments(List<byte[]> attachments) {
        JsonArrayBuilder array = JsonFactories.PROVIDER.createArrayBuilder();
        for (byte[] attachment : attachments) array.add(Base64.getEncoder().encodeToString(attachment));
        return array.build().toString();
    }

    /** The packet of entry {@code id}, its offset spliced into its text. */
    static StoredPacket read(String id, Map<String, String> fields) {
        List<byte[]> attachments = new ArrayList<>();
        for (String attachment : strings(fields.get("att"))) attachments.add(Base64.getDecoder().decode(attachment));
        StoredPacket unnumbered = new StoredPacket(null, fields.get("nsp"), new HashSet<>(strings(fields.get("rooms"))),
                new HashSet<>(strings(fields.get("except"))), fields.get("text"), attachments, streamMillis(id));
        return unnumbered.withOffset(id);
    }

    private static List<String> strings(String jsonArray) {
        List<String> out = new ArrayList<>();
        if (jsonArray == null) return out;
        for (JsonValue value : JsonFactories.PROVIDER.createReader(new StringReader(jsonArray)).readArray()) {
            out.add(((JsonString) value).getString());
        }
        return out;
    }

    private static long streamMillis(String id) {
        return Long.parseLong(id.substring(0, id.indexOf('-')));
    }
}
