package dev.sio.cdi;

import dev.sio.auth.DevTokenIssuer;
import dev.sio.auth.JwtSettings;
import dev.sio.auth.TokenExtractor;
import dev.sio.auth.TokenVerifier;
import org.eclipse.microprofile.config.Config;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the gateways that use authentication verify tokens: with the standard {@code mp.jwt.*}
 * settings (an SSO's keys), or, only when {@value #DEV_MODE} is true, with a key pair made at
 * start by a {@link DevTokenIssuer} whose tokens the development endpoint hands out.
 *
 * <p>Security defaults: development mode is off unless switched on explicitly, and an application
 * whose gateways need tokens does not start without a verification key (a clear deployment
 * problem, not a server that lets everyone in or no one).
 *
 * @param settings  the effective settings (extraction from config; in development mode, the dev key)
 * @param verifier  null when no enabled gateway uses authentication
 * @param devIssuer null unless development mode is on
 */
record AuthSetup(JwtSettings settings, TokenVerifier verifier, DevTokenIssuer devIssuer) {

    private static final Logger LOG = System.getLogger(AuthSetup.class.getName());

    /** {@code socketio.auth.dev-mode}: development key pair and token endpoint. Default false. */
    static final String DEV_MODE = "socketio.auth.dev-mode";
    /** {@code socketio.auth.dev-mode.token-lifetime}: seconds a development token lives. Default 3600. */
    static final String DEV_TOKEN_LIFETIME = "socketio.auth.dev-mode.token-lifetime";
    /** The {@code iss} of development tokens. */
    static final String DEV_ISSUER = "socketio-jakarta-dev";
    static final long DEFAULT_DEV_TOKEN_LIFETIME_SECONDS = 3600;

    /** No gateway uses authentication and development mode is off. */
    static final AuthSetup NONE = new AuthSetup(null, null, null);

    /**
     * @param authGateways the enabled gateways that use authentication, described for messages
     * @throws IllegalStateException    when a gateway needs tokens and no key is configured, or the key cannot be read
     * @throws IllegalArgumentException when a setting has an invalid value (the message names the key)
     */
    static AuthSetup from(Config config, List<String> authGateways) {
        boolean devMode = devMode(config);
        if (!devMode && authGateways.isEmpty()) return NONE;
        JwtSettings configured = JwtSettings.fromConfig(config);
        if (devMode) {
            long lifetime = config.getOptionalValue(DEV_TOKEN_LIFETIME, String.class).map(String::trim)
                    .filter(s -> !s.isEmpty()).map(AuthSetup::seconds).orElse(DEFAULT_DEV_TOKEN_LIFETIME_SECONDS);
            if (configured.hasVerificationKey()) {
                LOG.log(Level.WARNING, "{0} is true: the configured {1} / {2} is ignored, only development tokens are accepted",
                        DEV_MODE, JwtSettings.PUBLIC_KEY, JwtSettings.PUBLIC_KEY_LOCATION);
            }
            DevTokenIssuer issuer = new DevTokenIssuer(DEV_ISSUER, Duration.ofSeconds(lifetime));
            JwtSettings dev = issuer.settings();
            // verification by the development key; where tokens are looked for stays configurable
            JwtSettings effective = new JwtSettings(dev.publicKey(), null, dev.algorithms(), dev.issuer(), Set.of(),
                    configured.clockSkewSeconds(), configured.tokenAgeSeconds(), configured.tokenHeader(),
                    configured.tokenCookie(), configured.queryTokenEnabled(), configured.queryTokenParameter(),
                    configured.jwksRefreshMinIntervalMillis(), configured.jwksMaxAgeMillis());
            LOG.log(Level.WARNING, "DEVELOPMENT MODE ({0}=true): tokens are signed by a key made at start and handed "
                    + "out to anyone by the development token endpoint. Never switch this on in production.", DEV_MODE);
            return new AuthSetup(effective, new TokenVerifier(effective), issuer);
        }
        if (!configured.hasVerificationKey()) {
            throw new IllegalStateException(String.join(", ", authGateways)
                    + (authGateways.size() == 1 ? " requires" : " require")
                    + " authentication, but no token verification key is configured: set "
                    + JwtSettings.PUBLIC_KEY_LOCATION + " (your SSO's JWKS URL) or " + JwtSettings.PUBLIC_KEY
                    + ", and " + JwtSettings.ISSUER + "; or, for local development only, " + DEV_MODE + "=true");
        }
        return new AuthSetup(configured, new TokenVerifier(configured), null);
    }

    /** Whether {@value #DEV_MODE} is switched on; only the exact value {@code true} (any case) switches it on. */
    static boolean devMode(Config config) {
        Optional<String> value = config.getOptionalValue(DEV_MODE, String.class).map(String::trim).filter(s -> !s.isEmpty());
        if (value.isEmpty() || value.get().equalsIgnoreCase("false")) return false;
        if (value.get().equalsIgnoreCase("true")) return true;
        throw new IllegalArgumentException(DEV_MODE + " must be true or false, got '" + value.get() + "'");
    }

    TokenExtractor extractor() {
        return new TokenExtractor(settings);
    }

    private static long seconds(String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds > 0) return seconds;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(DEV_TOKEN_LIFETIME + " must be a positive number of seconds, got '" + value + "'");
    }
}
