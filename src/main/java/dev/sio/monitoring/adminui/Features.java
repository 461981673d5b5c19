package dev.sio.monitoring.adminui;

import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code config} message tells the UI it may offer (instrument()'s feature names, those of
 * a Socket.IO v4 server: the commands in their room-filter forms). Read-only mode offers no command.
 */
final class Features {

    private static final List<String> COMMANDS = List.of("EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT");

    private Features() {
    }

    static List<String> of(AdminUiSettings settings) {
        List<String> features = new ArrayList<>(settings.readOnly() ? List.of() : COMMANDS);
        features.add("AGGREGATED_EVENTS");
        if (settings.development()) features.add("ALL_EVENTS");
        return List.copyOf(features);
    }
}
