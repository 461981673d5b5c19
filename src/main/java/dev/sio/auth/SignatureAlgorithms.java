package dev.sio.auth;

import java.util.Set;

import org.jose4j.jws.AlgorithmIdentifiers;

/**
 * The asymmetric JWS algorithms we are willing to verify.
 *
 * <p>Only public-key algorithms are listed: {@code none} and the HMAC family ({@code HS256} ...) are
 * never accepted, whatever the configuration says. An HMAC "verification" with a public key as the
 * secret is the classic algorithm-confusion attack, since the public key is public.
 */
final class SignatureAlgorithms {
    static final String DEFAULT = AlgorithmIdentifiers.RSA_USING_SHA256;

    static final Set<String> SUPPORTED = Set.of(
            AlgorithmIdentifiers.RSA_USING_SHA256,
            AlgorithmIdentifiers.RSA_USING_SHA384,
            AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA384,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512);

    private SignatureAlgorithms() {
    }
}
