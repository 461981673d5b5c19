package dev.sio.integration;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which client events leave for the broker: {@code socketio.mq.outbound.events}, comma-separated
 * {@code nsp:event} entries ({@code /chat:roomMessage}). Asked on every accepted event, so a set lookup.
 */
public final class OutboundSelection {

    public static final OutboundSelection NONE = new OutboundSelection(Set.of());

    private final Set<String> entries;

    private OutboundSelection(Set<String> entries) {
        this.entries = Set.copyOf(entries);
    }

    /**
     * @throws IllegalArgumentException for an entry that is not {@code /nsp:event}
     */
    public static OutboundSelection parse(String setting) {
        if (setting == null || setting.isBlank()) return NONE;
        Set<String> entries = Arrays.stream(setting.split(",")).map(String::trim).filter(e -> !e.isEmpty())
                .collect(Collectors.toSet());
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (!entry.startsWith("/") || colon < 1 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("socketio.mq.outbound.events: '" + entry + "' is not /namespace:event");
            }
        }
        return new OutboundSelection(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public boolean contains(String namespace, String event) {
        return !entries.isEmpty() && entries.contains(namespace + ":" + event);
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
