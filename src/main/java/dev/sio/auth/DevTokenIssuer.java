package dev.sio.auth;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * A stand-in SSO for development and demos: it makes an RSA key pair when created and signs
 * RS256 tokens with it. The private key lives only in memory, so tokens die with the process.
 *
 * <p>Never enable this in production: anyone who can reach whatever endpoint exposes
 * {@link #mint} can be anyone.
 */
public final class DevTokenIssuer {
    private static final System.Logger LOG = System.getLogger(DevTokenIssuer.class.getName());

    private final String issuer;
    private final Duration lifetime;
    private final RsaJsonWebKey signingKey;

    public DevTokenIssuer(String issuer, Duration lifetime) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        if (issuer.isBlank() || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("issuer must not be blank and lifetime must be positive");
        }
        try {
            signingKey = RsaJwkGenerator.generateJwk(2048);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot generate the development RSA key", e);
        }
        signingKey.setKeyId("dev-" + UUID.randomUUID());
        signingKey.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        signingKey.setUse(Use.SIGNATURE);
        LOG.log(Level.WARNING, "Development token issuer active for issuer {0}: do not use in production", issuer);
    }

    /** The public half only, as JWKS JSON text (what an SSO serves at its jwks_uri). */
    public String publicJwks() {
        return new JsonWebKeySet(List.<JsonWebKey>of(signingKey)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /**
     * A signed token for {@code subject}: {@code sub} and {@code upn} are the subject,
     * {@code preferred_username} and {@code name} the display name (the subject when blank),
     * {@code groups} as given; with {@code iss}, {@code iat}, {@code nbf}, {@code exp} and a random {@code jti}.
     */
    public String mint(String subject, String displayName, Set<String> groups) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
        String shownName = displayName == null || displayName.isBlank() ? subject : displayName;
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setClaim("upn", subject);
        claims.setClaim("preferred_username", shownName);
        claims.setClaim("name", shownName);
        claims.setStringListClaim("groups", groups == null ? List.of() : List.copyOf(groups));
        claims.setIssuedAtToNow();
        claims.setNotBeforeMinutesInThePast(0);
        NumericDate expiry = NumericDate.now();
        expiry.addSeconds(Math.max(1, lifetime.toSeconds()));
        claims.setExpirationTime(expiry);
        claims.setJwtId(UUID.randomUUID().toString());

        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signingKey.getPrivateKey());
        jws.setKeyIdHeaderValue(signingKey.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
    }

    /** Settings that accept exactly what this issuer mints: its public JWKS, RS256 and its issuer. */
    public JwtSettings settings() {
        return new JwtSettings(publicJwks(), null, Set.of(AlgorithmIdentifiers.RSA_USING_SHA256), issuer, Set.of(),
                JwtSettings.DEFAULT_CLOCK_SKEW_SECONDS, null, JwtSettings.DEFAULT_TOKEN_HEADER,
                JwtSettings.DEFAULT_TOKEN_COOKIE, false, JwtSettings.DEFAULT_QUERY_TOKEN_PARAMETER,
                JwtSettings.DEFAULT_JWKS_REFRESH_MIN_INTERVAL_MILLIS, JwtSettings.DEFAULT_JWKS_MAX_AGE_MILLIS);
    }
}
