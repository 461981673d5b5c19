package dev.sio.app.chat;

import dev.sio.auth.MapConfig;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PrivateMessageSettingsTest {

    @Test
    void the_defaults_are_100_per_user_and_10000_in_all() {
        assertEquals(new PrivateMessageSettings(100, 10_000), PrivateMessageSettings.from(new MapConfig(Map.of())));
    }

    @Test
    void the_keys_set_the_caps() {
        assertEquals(new PrivateMessageSettings(3, 50), PrivateMessageSettings.from(new MapConfig(Map.of(
                "socketio.chat.private.in-flight-per-user", "3",
                "socketio.chat.private.in-flight-total", "50"))));
    }

    @Test
    void a_cap_below_one_is_refused_with_its_key() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrivateMessageSettings(0, 10))
                .getMessage().contains("socketio.chat.private.in-flight-per-user"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrivateMessageSettings(10, 0))
                .getMessage().contains("socketio.chat.private.in-flight-total"));
    }

    @Test
    void the_redelivery_bounds_default_to_1000_messages_and_1_MiB_per_user_100000_and_64_MiB_in_all() {
        PrivateMessageSettings settings = PrivateMessageSettings.from(new MapConfig(Map.of()));
        assertEquals(1000, settings.redeliveryPerUser());
        assertEquals(1L << 20, settings.redeliveryBytesPerUser());
        assertEquals(100_000, settings.redeliveryTotal());
        assertEquals(64L << 20, settings.redeliveryBytesTotal());
    }

    @Test
    void the_keys_set_the_redelivery_bounds() {
        assertEquals(new PrivateMessageSettings(100, 10_000, 7, 8000, 70, 80_000), PrivateMessageSettings.from(new MapConfig(Map.of(
                "socketio.chat.private.redelivery-per-user", "7",
                "socketio.chat.private.redelivery-bytes-per-user", "8000",
                "socketio.chat.private.redelivery-total", "70",
                "socketio.chat.private.redelivery-bytes-total", "80000"))));
    }

    @Test
    void a_redelivery_bound_below_one_is_refused_with_its_key() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrivateMessageSettings(1, 1, 0, 1, 1, 1))
                .getMessage().contains("socketio.chat.private.redelivery-per-user"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrivateMessageSettings(1, 1, 1, 0, 1, 1))
                .getMessage().contains("socketio.chat.private.redelivery-bytes-per-user"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrivateMessageSettings(1, 1, 1, 1, 0, 1))
                .getMessage().contains("socketio.chat.private.redelivery-total"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrivateMessageSettings(1, 1, 1, 1, 1, 0))
                .getMessage().contains("socketio.chat.private.redelivery-bytes-total"));
    }
}
