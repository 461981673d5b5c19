package dev.sio.cdi;

import dev.sio.auth.MapConfig;
import dev.sio.engineio.server.TransportSettings;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transports' settings are read with all the others, under the keys and with the defaults that
 * docs/configuration.md lists (the transports used to read them themselves).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TransportSettingsReadTest {

    @Test
    void without_settings_the_polling_timeouts_are_20_s_and_every_fast_path_is_on() {
        TransportSettings settings = SocketIoSettings.from(new MapConfig(Map.of())).engine().transports();

        assertEquals(TransportSettings.defaults(), settings);
        assertEquals(20_000, settings.pollingBodyTimeoutMillis());
        assertEquals(20_000, settings.pollingWriteTimeoutMillis());
        assertTrue(settings.directSend() && settings.rawFrames() && settings.releaseUpgradeHandler() && settings.plainScheduler());
    }

    @Test
    void each_key_sets_its_own_value() {
        TransportSettings settings = SocketIoSettings.from(new MapConfig(Map.of(
                "socketio.polling.body-timeout", "1500",
                "socketio.polling.write-timeout", "2500",
                "socketio.websocket.direct-send", "false",
                "socketio.websocket.raw-frames", "false",
                "socketio.websocket.release-upgrade-handler", "false",
                "socketio.websocket.plain-scheduler", "false"))).engine().transports();

        assertEquals(new TransportSettings(1500, 2500, false, false, false, false), settings);
    }

    @Test
    void one_switch_off_leaves_the_others_on() {
        TransportSettings settings = SocketIoSettings.from(new MapConfig(Map.of("socketio.websocket.raw-frames", "false")))
                .engine().transports();

        assertEquals(new TransportSettings(20_000, 20_000, true, false, true, true), settings);
    }

    @Test
    void a_polling_timeout_of_0_is_refused_with_its_key() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SocketIoSettings.from(new MapConfig(Map.of("socketio.polling.write-timeout", "0"))));

        assertTrue(refused.getMessage().contains("socketio.polling.write-timeout"), refused.getMessage());
    }

    @Test
    void the_bench_stats_endpoint_is_off_unless_set() {
        assertEquals(false, SocketIoSettings.from(new MapConfig(Map.of())).bench());
        assertEquals(true, SocketIoSettings.from(new MapConfig(Map.of("socketio.bench.enabled", "true"))).bench());
    }
}
