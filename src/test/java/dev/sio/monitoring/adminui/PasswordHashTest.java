package dev.sio.monitoring.adminui;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PasswordHashTest {

    /** Written by Node's bcryptjs 2.4.3 (the library instrument() uses): bcrypt.hashSync("changeit", 10). */
    static final String BCRYPTJS_HASH = "$2a$10$ZP2HUMq5BcP7eNqQ0bwY1.x42GhTpgolY.p9u81s1dPoW0DIKqWzS";

    @Test
    void the_2a_2b_and_2y_forms_all_verify() {
        for (BCrypt.Version version : new BCrypt.Version[] {BCrypt.Version.VERSION_2A, BCrypt.Version.VERSION_2B, BCrypt.Version.VERSION_2Y}) {
            String hash = BCrypt.with(version).hashToString(4, "pw".toCharArray());
            PasswordHash parsed = PasswordHash.of(hash);
            assertTrue(parsed.matches("pw"), hash);
            assertFalse(parsed.matches("pW"), hash);
            assertFalse(parsed.matches(null), hash);
        }
    }

    @Test
    void a_hash_made_by_node_bcryptjs_verifies() {
        assertTrue(PasswordHash.of(BCRYPTJS_HASH).matches("changeit"));
        assertFalse(PasswordHash.of(BCRYPTJS_HASH).matches("changeIt"));
    }

    @Test
    void what_is_not_a_bcrypt_hash_is_refused_without_showing_it() {
        for (String bad : new String[] {null, "", "changeit", "$2x$10$heM/QZBW7CPiAtLkbkHYTu/a1N8slyL.NnpqO/ur2xQBqNBrq6Xu.",
                "$2a$03$heM/QZBW7CPiAtLkbkHYTu/a1N8slyL.NnpqO/ur2xQBqNBrq6Xu.", "$2a$10$short"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PasswordHash.of(bad));
            assertFalse(bad != null && !bad.isEmpty() && e.getMessage().contains(bad));
        }
    }
}
