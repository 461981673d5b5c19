package dev.sio.auth;

import java.security.PublicKey;
import java.util.Base64;
import java.util.List;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/** Keys generated per run and tokens signed with them by jose4j. */
final class TestTokens {
    static final String ISSUER = "https://sso.test/realms/demo";
    static final String AUDIENCE = "socketio";

    private TestTokens() {
    }

    static RsaJsonWebKey rsa(String kid) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(kid);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    static EllipticCurveJsonWebKey ec(String kid) {
        try {
            EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId(kid);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
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
        return sign(key, alg, claims.toJson(), key.getKeyId());
    }

    static String rs256(PublicJsonWebKey key, JwtClaims claims) {
        return sign(key, AlgorithmIdentifiers.RSA_USING_SHA256, claims);
    }

    /** Signs any payload text, with any kid (or none when null). */
    static String sign(PublicJsonWebKey key, String alg, String payload, String kid) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setKey(key.getPrivateKey());
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

    static String jwks(PublicJsonWebKey... keys) {
        return new JsonWebKeySet(List.<JsonWebKey>of(keys)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    static String jwk(PublicJsonWebKey key) {
        return key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    static String pem(PublicKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }
}
