package dev.sio.cdi;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.sio.auth.MapConfig;
import dev.sio.monitoring.adminui.AdminMode;
import dev.sio.monitoring.adminui.AdminUiSettings;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The socketio.admin-ui.* keys as SocketIoRuntime reads them. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AdminUiSettingsTest {

    private static final String HASH = BCrypt.with(BCrypt.Version.VERSION_2B).hashToString(4, "pw".toCharArray());

    @Test
    void the_admin_ui_is_off_unless_enabled() {
        assertFalse(SocketIoSettings.adminUi(new MapConfig(Map.of())).enabled());
        // no name or hash is needed while it is off
        assertFalse(SocketIoSettings.adminUi(new MapConfig(Map.of("socketio.admin-ui.enabled", "false"))).enabled());
    }

    @Test
    void enabled_it_defaults_to_production_and_commands_allowed() {
        AdminUiSettings settings = SocketIoSettings.adminUi(new MapConfig(Map.of(
                "socketio.admin-ui.enabled", "true",
                "socketio.admin-ui.username", "ops",
                "socketio.admin-ui.password-bcrypt", HASH)));
        assertTrue(settings.enabled());
        assertEquals("ops", settings.username());
        assertTrue(settings.passwordHash().matches("pw"));
        assertEquals(AdminMode.PRODUCTION, settings.mode());
        assertFalse(settings.readOnly());
    }

    @Test
    void every_key_is_read() {
        AdminUiSettings settings = SocketIoSettings.adminUi(new MapConfig(Map.of(
                "socketio.admin-ui.enabled", "true",
                "socketio.admin-ui.username", "ops",
                "socketio.admin-ui.password-bcrypt", HASH,
                "socketio.admin-ui.mode", "Development",
                "socketio.admin-ui.read-only", "true")));
        assertEquals(AdminMode.DEVELOPMENT, settings.mode());
        assertTrue(settings.readOnly());
    }

    @Test
    void enabled_without_a_name_a_hash_or_with_an_unknown_mode_is_refused_with_the_key_named() {
        Map<String, String> base = Map.of("socketio.admin-ui.enabled", "true", "socketio.admin-ui.username", "ops");
        IllegalArgumentException noHash = assertThrows(IllegalArgumentException.class, () -> SocketIoSettings.adminUi(new MapConfig(base)));
        assertTrue(noHash.getMessage().contains("socketio.admin-ui.password-bcrypt"), noHash.getMessage());
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class, () -> SocketIoSettings.adminUi(new MapConfig(Map.of(
                "socketio.admin-ui.enabled", "true", "socketio.admin-ui.password-bcrypt", HASH))));
        assertTrue(noName.getMessage().contains("socketio.admin-ui.username"), noName.getMessage());
        IllegalArgumentException badMode = assertThrows(IllegalArgumentException.class, () -> SocketIoSettings.adminUi(new MapConfig(Map.of(
                "socketio.admin-ui.enabled", "true", "socketio.admin-ui.username", "ops",
                "socketio.admin-ui.password-bcrypt", HASH, "socketio.admin-ui.mode", "debug"))));
        assertTrue(badMode.getMessage().contains("socketio.admin-ui.mode"), badMode.getMessage());
    }
}
