package dev.sio.testing;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;

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
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Keys made per test run and tokens signed with them by jose4j: what an SSO does, for the unit tests
 * (auth, cdi) and the integration tests alike.
 */
public final class JwtFixtures {

    private JwtFixtures() {
    }

    /** A fresh 2048-bit RSA key with {@code kid} (no "alg" or "use": tests sign with several algorithms). */
    public static RsaJsonWebKey rsa(String kid) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(kid);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh P-256 key with {@code kid}. */
    public static EllipticCurveJsonWebKey ec(String kid) {
        try {
            EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId(kid);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RS256 token over {@code claims}, with the key's kid in the header. */
    public static String rs256(PublicJsonWebKey key, JwtClaims claims) {
        return sign(key, AlgorithmIdentifiers.RSA_USING_SHA256, claims.toJson(), key.getKeyId());
    }

    /** Signs any payload text with {@code alg}, with any kid (or none when null). */
    public static String sign(PublicJsonWebKey key, String alg, String payload, String kid) {
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

    /** The public halves as a JWKS document, as an SSO publishes them. */
    public static String publicJwks(PublicJsonWebKey... keys) {
        return new JsonWebKeySet(List.<JsonWebKey>of(keys)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    public static String publicJwk(PublicJsonWebKey key) {
        return key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    public static String pem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
