package dev.sio.monitoring.adminui;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A bcrypt password hash in any of the forms tools write ({@code $2a$}, {@code $2b$}, {@code $2y$}:
 * Node's bcryptjs, OpenBSD, PHP/htpasswd), checked by a well-kept library, never by our own code.
 * Passwords longer than bcrypt's 72 bytes are cut there, as every bcrypt implementation does.
 */
public final class PasswordHash {

    private static final Pattern FORM = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    // one verifier for all forms: the version is read from each hash, the strategy only cuts long passwords
    private static final BCrypt.Verifyer VERIFIER = BCrypt.verifyer(null, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));

    private final String hash;

    private PasswordHash(String hash) {
        this.hash = hash;
    }

    /** @throws IllegalArgumentException when the text is not a bcrypt hash (the message never shows it) */
    public static PasswordHash of(String text) {
        String hash = text == null ? "" : text.trim();
        if (!FORM.matcher(hash).matches()) {
            throw new IllegalArgumentException("socketio.admin-ui.password-bcrypt is not a bcrypt hash ($2a$, $2b$ or $2y$, cost 04-31, 60 characters)");
        }
        return new PasswordHash(hash);
    }

    /** Whether the password matches; false for null. Takes the hash's cost in time (~0.1 s at cost 10). */
    public boolean matches(String password) {
        if (password == null) return false;
        BCrypt.Result result = VERIFIER.verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.US_ASCII));
        return result.validFormat && result.verified;
    }

    @Override
    public String toString() {
        return "PasswordHash[" + hash.substring(0, 7) + "...]";
    }
}
