package dev.sio.auth;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.lang.JoseException;

/**
 * Turns key text, as found in {@code mp.jwt.verify.publickey} or at a key location, into JWKs.
 *
 * <p>Accepted forms: a JWKS ({@code {"keys":[...]}}), a single JWK, either of those base64url
 * encoded (the MP-JWT spec allows it), a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo, RSA or
 * EC), a PEM {@code CERTIFICATE}, or the bare base64 of a SubjectPublicKeyInfo.
 *
 * <p>Only RSA and EC keys meant for signatures survive: symmetric ({@code oct}) keys are dropped so
 * that nothing configured here can ever act as an HMAC secret, and {@code use: enc} keys are
 * dropped because an SSO publishes them for encryption, not for us.
 */
final class KeyText {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private KeyText() {
    }

    /**
     * @throws IllegalArgumentException with a message fit for a startup error when the text holds no usable key
     */
    static List<JsonWebKey> parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("key text is empty");
        }
        List<JsonWebKey> keys;
        if (trimmed.startsWith("{")) {
            keys = fromJson(trimmed);
        } else if (trimmed.startsWith("-----BEGIN")) {
            keys = fromPem(trimmed);
        } else {
            keys = fromBareBase64(trimmed);
        }
        List<JsonWebKey> usable = usableForVerification(keys);
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("no RSA or EC signature verification key found in the key text");
        }
        return List.copyOf(usable);
    }

    private static List<JsonWebKey> fromJson(String json) {
        try {
            // A JWKS has a "keys" member; JsonWebKeySet ignores members it does not know, so test first.
            if (json.contains("\"" + JsonWebKeySet.JWK_SET_MEMBER_NAME + "\"")) {
                return new JsonWebKeySet(json).getJsonWebKeys();
            }
            return List.of(JsonWebKey.Factory.newJwk(json));
        } catch (JoseException | RuntimeException e) {
            throw new IllegalArgumentException("key text is not a valid JWK or JWKS: " + e.getMessage(), e);
        }
    }

    private static List<JsonWebKey> fromPem(String pem) {
        Matcher matcher = PEM.matcher(pem);
        List<JsonWebKey> keys = new ArrayList<>();
        while (matcher.find()) {
            String type = matcher.group(1);
            byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
            switch (type) {
                case "PUBLIC KEY" -> keys.add(jwk(publicKeyFromSpki(der)));
                case "CERTIFICATE" -> keys.add(jwk(publicKeyFromCertificate(der)));
                default -> throw new IllegalArgumentException("unsupported PEM block '" + type
                        + "': use a PUBLIC KEY (SubjectPublicKeyInfo) or CERTIFICATE");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("key text looks like PEM but has no complete BEGIN/END block");
        }
        return keys;
    }

    private static List<JsonWebKey> fromBareBase64(String text) {
        String compact = text.replaceAll("\\s", "");
        // base64url JSON first: '{"' encodes to "eyJ", which no DER sequence starts with.
        if (compact.startsWith("eyJ")) {
            try {
                return fromJson(new String(Base64.getUrlDecoder().decode(stripPadding(compact)), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key text is not valid base64url JWK/JWKS", e);
            }
        }
        try {
            return List.of(jwk(publicKeyFromSpki(Base64.getMimeDecoder().decode(compact))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key text is neither PEM, JWK, JWKS nor a base64 public key", e);
        }
    }

    private static String stripPadding(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        return s.substring(0, end);
    }

    private static PublicKey publicKeyFromSpki(byte[] der) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException ignored) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException("PEM public key is neither RSA nor EC");
    }

    private static PublicKey publicKeyFromCertificate(byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("PEM certificate cannot be read: " + e.getMessage(), e);
        }
    }

    private static JsonWebKey jwk(PublicKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key);
        } catch (JoseException e) {
            throw new IllegalArgumentException("unsupported public key type " + key.getAlgorithm(), e);
        }
    }

    private static List<JsonWebKey> usableForVerification(List<JsonWebKey> keys) {
        List<JsonWebKey> usable = new ArrayList<>();
        for (JsonWebKey key : keys) {
            boolean asymmetric = key instanceof RsaJsonWebKey || key instanceof EllipticCurveJsonWebKey;
            boolean forSignatures = key.getUse() == null || Use.SIGNATURE.equals(key.getUse());
            if (asymmetric && forSignatures) {
                usable.add(publicOnly((PublicJsonWebKey) key));
            }
        }
        return usable;
    }

    /** A JWK pasted with its private half ("d") must not keep the private key in memory longer than needed. */
    private static JsonWebKey publicOnly(PublicJsonWebKey key) {
        if (key.getPrivateKey() == null) {
            return key;
        }
        try {
            return JsonWebKey.Factory.newJwk(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        } catch (JoseException e) {
            throw new IllegalArgumentException("cannot strip the private part of a JWK", e);
        }
    }
}
