package dev.sio.auth;

import java.io.StringReader;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The claims of a token that {@link TokenVerifier} accepted. Immutable: the claims are held as a
 * JSON-P object and converted on each read.
 *
 * <p>Only {@link TokenVerifier} creates these, so holding one means the signature and the time,
 * issuer and audience checks passed.
 */
public final class VerifiedToken implements JsonWebToken {
    private final String rawToken;
    private final JsonObject claims;

    // looked up once: Json.createReader looks the provider up (a class path scan) on every call,
    // here once per verified token
    private static final JsonProvider JSON = JsonProvider.provider();

    VerifiedToken(String rawToken, JsonObject claims) {
        this.rawToken = Objects.requireNonNull(rawToken, "rawToken");
        this.claims = Objects.requireNonNull(claims, "claims");
    }

    /** Parses the claims JSON that jose4j verified; jose4j already refused duplicate member names. */
    static VerifiedToken of(String rawToken, String claimsJson) {
        try (JsonReader reader = JSON.createReader(new StringReader(claimsJson))) {
            return new VerifiedToken(rawToken, reader.readObject());
        }
    }

    /** The MP-JWT principal name: {@code upn}, then {@code preferred_username}, then {@code sub}. */
    @Override
    public String getName() {
        return firstString(Claims.upn.name(), Claims.preferred_username.name(), Claims.sub.name());
    }

    /** A name for people to read: {@code preferred_username}, then {@code upn}, {@code name}, {@code sub}. */
    public String displayName() {
        return firstString(Claims.preferred_username.name(), Claims.upn.name(), "name", Claims.sub.name());
    }

    /** When the token stops being valid ({@code exp}; verification requires it). */
    public Instant expiresAt() {
        JsonValue exp = claims.get(Claims.exp.name());
        return exp instanceof JsonNumber n ? Instant.ofEpochSecond(n.longValue()) : Instant.EPOCH;
    }

    @Override
    public String getRawToken() {
        return rawToken;
    }

    @Override
    public String getSubject() {
        return string(Claims.sub.name());
    }

    /** The {@code groups} claim; empty (never {@code null}) when the token has none. */
    @Override
    public Set<String> getGroups() {
        Set<String> groups = ClaimValues.stringSet(claims.get(Claims.groups.name()));
        return groups == null ? Set.of() : groups;
    }

    /** The {@code aud} claim, whether the token sent one string or an array; {@code null} when absent. */
    @Override
    public Set<String> getAudience() {
        return ClaimValues.stringSet(claims.get(Claims.aud.name()));
    }

    @Override
    public long getExpirationTime() {
        return number(Claims.exp.name());
    }

    /** {@code iat} in seconds, or 0 when the token has none (it is optional unless a token age is set). */
    @Override
    public long getIssuedAtTime() {
        return number(Claims.iat.name());
    }

    @Override
    public Set<String> getClaimNames() {
        Set<String> names = new LinkedHashSet<>(claims.keySet());
        names.add(Claims.raw_token.name());
        return Collections.unmodifiableSet(names);
    }

    @Override
    public boolean containsClaim(String claimName) {
        return Claims.raw_token.name().equals(claimName) || claims.containsKey(claimName);
    }

    /**
     * A claim in the type the MP-JWT spec gives it ({@link Claims#getType()}): e.g. {@code String}
     * for {@code sub}, {@code Long} for {@code exp}, {@code Set<String>} for {@code groups} and
     * {@code aud}; a JSON-P value for claims the spec does not name. {@code null} when absent.
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        if (claimName == null) {
            return null;
        }
        if (Claims.raw_token.name().equals(claimName)) {
            return (T) rawToken;
        }
        JsonValue value = claims.get(claimName);
        return value == null ? null : (T) ClaimValues.convert(claimName, value);
    }

    /** No claims and no token text: principals end up in logs. */
    @Override
    public String toString() {
        return "VerifiedToken[name=" + getName() + ", exp=" + expiresAt() + "]";
    }

    private String firstString(String... names) {
        for (String name : names) {
            String value = string(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private String string(String name) {
        JsonValue value = claims.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }

    private long number(String name) {
        JsonValue value = claims.get(name);
        return value instanceof JsonNumber n ? n.longValue() : 0L;
    }
}
