package dev.sio.auth;

import dev.sio.log.LogSafe;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.security.InvalidKeyException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.SimpleJwkFilter;
import org.jose4j.jwk.Use;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * Verifies SSO-issued JWTs (JWS, asymmetric signatures only) with jose4j.
 *
 * <p>Verification is done in two passes, as jose4j suggests for key lookup that needs the header:
 * <ol>
 *   <li>parse without trusting anything, to read {@code alg} and {@code kid};</li>
 *   <li>refuse an {@code alg} outside the configured whitelist (so {@code none}, {@code HS256} with
 *       the public key as secret, and any other algorithm confusion stop here), pick the key by
 *       {@code kid} and key type, refetching a remote JWKS once if the {@code kid} is unknown;</li>
 *   <li>verify the signature and the claims with that key and the whitelist again.</li>
 * </ol>
 * Keys named or embedded in the token itself ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c})
 * are never used.
 *
 * <p>Thread-safe; create one per application. {@link #verify} may block on a JWKS fetch (bounded by
 * a timeout) when a token names an unknown key.
 */
public final class TokenVerifier implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TokenVerifier.class.getName());

    /** Real tokens are a few KB (Entra ID with many groups: ~10 KB); parsing megabytes would be a DoS. */
    static final int MAX_TOKEN_CHARS = 64 * 1024;

    private final JwtSettings settings;
    private final KeySource keys;
    private final Clock clock;
    private final String[] algorithms;
    private final JwtConsumer headerReader;

    /**
     * @throws IllegalStateException when no key is configured, or the configured inline/file key cannot be read
     */
    public TokenVerifier(JwtSettings settings) {
        this(settings, Clock.systemUTC(), null);
    }

    /** For tests: a controllable clock, used for token times and for the JWKS refetch rate limit. */
    TokenVerifier(JwtSettings settings, Clock clock, HttpClient client) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!settings.hasVerificationKey()) {
            throw new IllegalStateException("No token verification key configured: set "
                    + JwtSettings.PUBLIC_KEY + " or " + JwtSettings.PUBLIC_KEY_LOCATION);
        }
        this.keys = KeySources.from(settings, client, clock);
        this.algorithms = settings.algorithms().toArray(String[]::new);
        // First pass: structure only. No signature check, no claim check: nothing read here is trusted
        // except to decide which key and algorithm the second pass insists on.
        this.headerReader = new JwtConsumerBuilder()
                .setSkipAllValidators()
                .setDisableRequireSignature()
                .setSkipSignatureVerification()
                .build();
    }

    /** Stops what verification keeps running (a remote JWKS's HTTP client and its threads). Idempotent. */
    @Override
    public void close() {
        keys.close();
    }

    /**
     * Why tokens cannot be verified now, if they cannot (the SSO's keys were never loaded). Never
     * waits; asking starts a background load within the rate limit. Readiness reports it.
     */
    public java.util.Optional<String> keysProblem() {
        return keys.problem();
    }

    /**
     * @param rawToken the compact JWS, without any {@code Bearer } prefix
     * @return the verified claims
     * @throws TokenRejectedException with a client-safe reason
     */
    public VerifiedToken verify(String rawToken) throws TokenRejectedException {
        if (rawToken == null || rawToken.isBlank()) {
            throw reject(RejectionReason.MISSING, "no token");
        }
        String token = rawToken.trim();
        if (token.length() > MAX_TOKEN_CHARS) {
            throw reject(RejectionReason.MALFORMED, "token longer than " + MAX_TOKEN_CHARS + " chars");
        }
        JwtContext context = readHeader(token);
        JsonWebSignature jws = onlySignature(context);
        String alg = jws.getAlgorithmHeaderValue();
        if (alg == null || !settings.algorithms().contains(alg)) {
            throw reject(RejectionReason.ALGORITHM, "alg " + printable(alg) + " not in " + settings.algorithms());
        }
        JsonWebKey key = selectKey(jws);
        checkSignatureAndClaims(key, context);
        JwtClaims claims = context.getJwtClaims();
        checkTokenAge(claims);
        VerifiedToken verified = VerifiedToken.of(token, claims.getRawJson());
        if (verified.getName() == null) {
            // MP-JWT needs a principal name; without upn, preferred_username or sub we cannot say who this is.
            throw reject(RejectionReason.MALFORMED, "no upn, preferred_username or sub");
        }
        return verified;
    }

    private JwtContext readHeader(String token) throws TokenRejectedException {
        try {
            return headerReader.process(token);
        } catch (InvalidJwtException e) {
            throw reject(RejectionReason.MALFORMED, "unparseable: " + codes(e));
        } catch (RuntimeException e) {
            // jose4j may throw unchecked exceptions on hostile input; any of them means "malformed".
            throw reject(RejectionReason.MALFORMED, "unparseable: " + e.getClass().getSimpleName());
        }
    }

    /** A plain JWS only: no JWE (we hold no decryption key) and no nested JWT. */
    private JsonWebSignature onlySignature(JwtContext context) throws TokenRejectedException {
        List<JsonWebStructure> structures = context.getJoseObjects();
        if (structures.size() != 1 || !(structures.get(0) instanceof JsonWebSignature jws)) {
            throw reject(RejectionReason.MALFORMED, "not a single JWS");
        }
        return jws;
    }

    private JsonWebKey selectKey(JsonWebSignature jws) throws TokenRejectedException {
        JsonWebKey key = select(jws, keys.keys());
        if (key == null) {
            // Maybe the SSO rotated its keys: the source refetches if its rate limit allows.
            keys.refresh();
            key = select(jws, keys.keys());
        }
        if (key == null) {
            throw reject(RejectionReason.UNKNOWN_KEY, "no key for kid " + printable(jws.getKeyIdHeaderValue()));
        }
        return key;
    }

    /**
     * Candidates are the keys whose {@code kid} equals the token's (jose4j's selector, which also
     * matches the key type implied by {@code alg}, and {@code use}/{@code alg}/{@code crv} when the JWK
     * states them). A key without {@code kid}, as from a PEM, is a candidate for any {@code kid}:
     * MP-JWT lets a single configured key verify every token. If several candidates remain, the one
     * whose signature verifies wins; if none does, the first is returned so that verification
     * reports a bad signature rather than an unknown key.
     */
    private static JsonWebKey select(JsonWebSignature jws, List<JsonWebKey> available) {
        if (available.isEmpty()) {
            return null;
        }
        try {
            List<JsonWebKey> candidates = new VerificationJwkSelector().selectList(jws, available);
            if (candidates.isEmpty()) {
                candidates = keysWithoutKid(jws, available);
            }
            if (candidates.size() <= 1) {
                return candidates.isEmpty() ? null : candidates.get(0);
            }
            for (JsonWebKey candidate : candidates) {
                if (verifies(jws, candidate)) {
                    return candidate;
                }
            }
            return candidates.get(0);
        } catch (JoseException | RuntimeException e) {
            LOG.log(Level.DEBUG, "key selection failed: {0}", e.getClass().getSimpleName());
            return null;
        }
    }

    private static List<JsonWebKey> keysWithoutKid(JsonWebSignature jws, List<JsonWebKey> available)
            throws JoseException {
        SimpleJwkFilter filter = new SimpleJwkFilter();
        filter.setKty(jws.getKeyType());
        filter.setUse(Use.SIGNATURE, SimpleJwkFilter.OMITTED_OKAY);
        filter.setAlg(jws.getAlgorithmHeaderValue(), SimpleJwkFilter.OMITTED_OKAY);
        return filter.filter(available.stream().filter(k -> k.getKeyId() == null).toList());
    }

    private static boolean verifies(JsonWebSignature jws, JsonWebKey candidate) {
        try {
            jws.setKey(candidate.getKey());
            return jws.verifySignature();
        } catch (JoseException e) {
            return false;
        }
    }

    private void checkSignatureAndClaims(JsonWebKey key, JwtContext context) throws TokenRejectedException {
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(ConstraintType.PERMIT, algorithms))
                .setVerificationKey(key.getKey())
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(settings.clockSkewSeconds())
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()));
        if (settings.issuer() != null) {
            builder.setExpectedIssuer(true, settings.issuer());
        }
        if (settings.audiences().isEmpty()) {
            // MP-JWT: no configured audience means aud is not checked (jose4j would refuse any aud).
            builder.setSkipDefaultAudienceValidation();
        } else {
            builder.setExpectedAudience(true, settings.audiences().toArray(String[]::new));
        }
        if (settings.tokenAgeSeconds() != null) {
            builder.setRequireIssuedAt();
        }
        try {
            builder.build().processContext(context);
        } catch (InvalidJwtException e) {
            throw reject(reasonFor(e), "jose4j error codes " + codes(e));
        } catch (RuntimeException e) {
            throw reject(RejectionReason.MALFORMED, "verification failed: " + e.getClass().getSimpleName());
        }
    }

    /** Ordered by what the client most needs to hear: a forged token is "signature" whatever else is wrong. */
    private static RejectionReason reasonFor(InvalidJwtException e) {
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)
                || hasCause(e, InvalidKeyException.class)) {
            return RejectionReason.SIGNATURE;
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRED)) {
            return RejectionReason.EXPIRED;
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return RejectionReason.NOT_YET_VALID;
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return RejectionReason.ISSUER;
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return RejectionReason.AUDIENCE;
        }
        // Missing exp/iat, claims of the wrong JSON type, bad JSON.
        return RejectionReason.MALFORMED;
    }

    /**
     * {@code mp.jwt.verify.token.age}: {@code iat} must be within the age (plus clock skew). jose4j
     * has an issued-at restriction too, but its handling of skew is not what MP-JWT describes, so
     * the rule is spelled out here.
     */
    private void checkTokenAge(JwtClaims claims) throws TokenRejectedException {
        Long maxAge = settings.tokenAgeSeconds();
        if (maxAge == null) {
            return;
        }
        NumericDate issuedAt;
        try {
            issuedAt = claims.getIssuedAt();
        } catch (MalformedClaimException e) {
            throw reject(RejectionReason.MALFORMED, "iat is not a number");
        }
        if (issuedAt == null) {
            throw reject(RejectionReason.MALFORMED, "iat missing");
        }
        long now = clock.millis() / 1000;
        long skew = settings.clockSkewSeconds();
        if (issuedAt.getValue() > now + skew) {
            throw reject(RejectionReason.NOT_YET_VALID, "iat in the future");
        }
        if (now - issuedAt.getValue() > maxAge + skew) {
            throw reject(RejectionReason.TOO_OLD, "issued " + (now - issuedAt.getValue()) + " s ago");
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** Error codes only: jose4j's messages quote the claims, which may hold personal data. */
    private static String codes(InvalidJwtException e) {
        return e.getErrorDetails().stream().map(d -> String.valueOf(d.getErrorCode())).toList().toString();
    }

    /** Header values come from the client: keep them short and free of line breaks in our log. */
    static String printable(String clientValue) {
        if (clientValue == null) {
            return "(none)";
        }
        String cleaned = clientValue.replaceAll("[^\\x20-\\x7E]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }

    private static TokenRejectedException reject(RejectionReason reason, String detail) {
        LOG.log(Level.DEBUG, "token rejected ({0}): {1}", reason, LogSafe.text(detail));
        return new TokenRejectedException(reason);
    }
}
