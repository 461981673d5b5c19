package dev.sio.cdi;

import dev.sio.auth.MapConfig;
import dev.sio.socketio.recovery.RecoveryLimits;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RecoverySettingsTest {

    @Test
    void recovery_is_on_for_every_namespace_by_default_with_bounded_memory() {
        RecoveryLimits limits = SocketIoSettings.from(new MapConfig(Map.of())).socketIo().recovery();

        assertEquals(Duration.ofMinutes(2), limits.maxDisconnection());
        assertFalse(limits.skipMiddlewares());
        assertTrue(limits.covers("/chat"));
        assertEquals(1_000, limits.maxSessionPackets());
        assertEquals(1L << 20, limits.maxSessionBytes());
        assertEquals(50_000, limits.maxPackets());
        assertEquals(32L << 20, limits.maxBytes());
        assertEquals(10_000, limits.maxSessions());
    }

    @Test
    void the_conformance_application_answers_as_node_does_by_default_without_recovery() {
        RecoveryLimits limits = SocketIoSettings.from(new MapConfig(Map.of("socketio.conformance.enabled", "true"))).socketIo().recovery();

        assertFalse(limits.enabled());
    }

    @Test
    void every_key_is_read() {
        RecoveryLimits limits = SocketIoSettings.from(new MapConfig(Map.of(
                "socketio.recovery.max-disconnection-duration", "2000",
                "socketio.recovery.skip-middlewares", "true",
                "socketio.recovery.namespaces", "/recovery, news",
                "socketio.recovery.max-session-packets", "7",
                "socketio.recovery.max-session-bytes", "8",
                "socketio.recovery.max-packets", "9",
                "socketio.recovery.max-bytes", "10",
                "socketio.recovery.max-sessions", "11"))).socketIo().recovery();

        assertEquals(new RecoveryLimits(Duration.ofSeconds(2), true, 7, 8, 9, 10, 11, Set.of("/recovery", "/news")), limits);
        assertTrue(limits.covers("/news"));
        assertFalse(limits.covers("/chat"));
    }

    @Test
    void zero_turns_it_off() {
        assertFalse(SocketIoSettings.from(new MapConfig(Map.of("socketio.recovery.max-disconnection-duration", "0")))
                .socketIo().recovery().enabled());
    }
}
