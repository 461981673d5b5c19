package dev.sio.monitoring.metrics;

import dev.sio.auth.RejectionReason;

import java.util.Locale;

/**
 * Why a namespace CONNECT was refused, as a label. The message a client received is mapped onto a
 * fixed set: each kind of bad token ({@link RejectionReason}), {@code forbidden} (the gateway's
 * access rule), {@code admin_credentials} (a refused Admin UI login), {@code invalid_namespace},
 * {@code application} (any other refusal by a middleware, whose wording is the application's) and
 * {@code error} (a middleware that failed).
 */
enum ConnectRefusal {
    TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_SIGNATURE, TOKEN_ALGORITHM, TOKEN_EXPIRED, TOKEN_NOT_YET_VALID,
    TOKEN_ISSUER, TOKEN_AUDIENCE, TOKEN_UNKNOWN_KEY, TOKEN_TOO_OLD,
    FORBIDDEN, ADMIN_CREDENTIALS, INVALID_NAMESPACE, APPLICATION, ERROR;

    /** The message the gateway's access rule sends (cdi's AccessRule.FORBIDDEN). */
    private static final String FORBIDDEN_MESSAGE = "forbidden";
    /** The Admin UI's namespace and refusal (monitoring.adminui's, as instrument() words it). */
    private static final String ADMIN_NAMESPACE = "/admin";
    private static final String ADMIN_REFUSAL = "invalid credentials";

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @param namespace null when the namespace does not exist; @param message null for a failed middleware */
    static ConnectRefusal of(String namespace, String message) {
        if (namespace == null) return INVALID_NAMESPACE;
        if (message == null) return ERROR;
        if (FORBIDDEN_MESSAGE.equals(message)) return FORBIDDEN;
        if (ADMIN_NAMESPACE.equals(namespace) && ADMIN_REFUSAL.equals(message)) return ADMIN_CREDENTIALS;
        for (RejectionReason reason : RejectionReason.values()) {
            if (reason.message().equals(message)) return valueOf("TOKEN_" + reason.name());
        }
        return APPLICATION;
    }
}
