package dev.sio.engineio.server;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session and socket identifiers: 20 URL-safe characters from a secure random source, as long as
 * the reference server's, and unguessable because a sid is the only credential of a polling request.
 */
public final class SessionIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private SessionIds() {
    }

    public static String next() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
