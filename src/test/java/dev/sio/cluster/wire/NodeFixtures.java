package dev.sio.cluster.wire;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;

/** The messages src/test/js/tools/capture-redis-wire.mjs recorded from Node, one file per mode. */
record NodeFixtures(String mode, String prefix, List<Message> messages) {

    record Message(String step, String channel, byte[] bytes) {
        @Override
        public String toString() {
            return step + " on " + channel;
        }
    }

    static NodeFixtures load(String mode) {
        try (InputStream in = NodeFixtures.class.getResourceAsStream("/cluster/" + mode + ".json");
             JsonReader reader = Json.createReader(in)) {
            JsonObject doc = reader.readObject();
            List<Message> messages = doc.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                    .map(m -> new Message(m.getString("step"), m.getString("channel"), HexFormat.of().parseHex(m.getString("hex"))))
                    .toList();
            return new NodeFixtures(mode, doc.getString("prefix"), messages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Message> step(String step) {
        return messages.stream().filter(m -> m.step().equals(step)).toList();
    }

    RedisChannels channels(String nsp) {
        return new RedisChannels(prefix, nsp);
    }
}
