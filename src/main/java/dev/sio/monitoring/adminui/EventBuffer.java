package dev.sio.monitoring.adminui;

import dev.sio.socketio.server.JsonBuilders;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Traffic counted per second and kind, handed to the UI with each {@code server_stats} as
 * {@code aggregatedEvents} and then forgotten (instrument()'s EventBuffer): the UI draws its
 * connection and byte charts from them. Kinds and sub-kinds come from fixed sets (close reasons),
 * never from client input, so the buffer holds a few dozen entries between two stats.
 */
final class EventBuffer {

    private record Key(long second, String type, String subType) {
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    EventBuffer(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    void push(String type, String subType, long count) {
        long second = clock.getAsLong() / 1000 * 1000;
        counts.computeIfAbsent(new Key(second, type, subType), k -> new LongAdder()).add(count);
    }

    /**
     * The counts as {@code [{timestamp, type, subType?, count}]}, each taken out of the buffer
     * (a push racing with this is reported next time, never lost nor doubled).
     */
    JsonArray drain() {
        JsonArrayBuilder out = JsonBuilders.array();
        for (Iterator<Map.Entry<Key, LongAdder>> it = counts.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, LongAdder> entry = it.next();
            it.remove();
            long count = entry.getValue().sumThenReset();
            if (count == 0) continue;
            Key key = entry.getKey();
            var event = JsonBuilders.object().add("timestamp", key.second()).add("type", key.type());
            if (key.subType() != null) event.add("subType", key.subType());
            out.add(event.add("count", count));
        }
        return out.build();
    }
}
