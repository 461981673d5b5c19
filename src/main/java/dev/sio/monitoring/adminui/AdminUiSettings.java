package dev.sio.monitoring.adminui;

/**
 * The Admin UI's settings ({@code socketio.admin-ui.*}, read in {@code cdi}). Built with
 * {@code new} in tests.
 *
 * @param enabled      whether the {@code /admin} namespace exists at all
 * @param username     the one login name
 * @param passwordHash the bcrypt hash of its password
 * @param mode         what the admins are told
 * @param readOnly     when true, the commands (emit, join, leave, _disconnect) are refused
 */
public record AdminUiSettings(boolean enabled, String username, PasswordHash passwordHash, AdminMode mode, boolean readOnly) {

    /** The namespace the UI connects to (its default; the one instrument() uses). */
    public static final String NAMESPACE = "/admin";

    public static AdminUiSettings disabled() {
        return new AdminUiSettings(false, null, null, AdminMode.PRODUCTION, false);
    }

    public AdminUiSettings {
        if (enabled && (username == null || username.isEmpty() || passwordHash == null)) {
            throw new IllegalArgumentException("socketio.admin-ui.username and socketio.admin-ui.password-bcrypt are required when the Admin UI is enabled");
        }
    }

    public boolean development() {
        return mode == AdminMode.DEVELOPMENT;
    }
}
