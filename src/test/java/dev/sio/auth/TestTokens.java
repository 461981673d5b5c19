package dev.sio.auth;

import dev.sio.testing.JwtFixtures;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/** The auth tests' issuer, audience and claims; keys and signing come from {@link JwtFixtures}. */
final class TestTokens {
    static final String ISSUER = "https://sso.test/realms/demo";
    static final String AUDIENCE = "socketio";

    private TestTokens() {
    }

    /** Valid claims: our issuer and audience, issued now, valid for ten minutes. */
    static JwtClaims claims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject("u-123");
        claims.setClaim("upn", "alice@corp.test");
        claims.setClaim("preferred_username", "alice");
        claims.setStringListClaim("groups", "staff", "admins");
        claims.setIssuedAtToNow();
        claims.setNotBeforeMinutesInThePast(1);
        claims.setExpirationTimeMinutesInTheFuture(10);
        return claims;
    }

    static NumericDate secondsFromNow(long seconds) {
        NumericDate date = NumericDate.now();
        date.addSeconds(seconds);
        return date;
    }

    static String sign(PublicJsonWebKey key, String alg, JwtClaims claims) {
        return JwtFixtures.sign(key, alg, claims.toJson(), key.getKeyId());
    }

    /** Signs with an arbitrary java.security.Key, lifting jose4j's own guard rails (for attack tokens). */
    static String signUnsafely(java.security.Key key, String alg, JwtClaims claims, String kid) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setDoKeyValidation(false);
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(alg);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
