package dev.sio.it;

import dev.sio.testing.JwtFixtures;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The WAR the integration tests deploy: the one Maven built, as users get it, plus the test-only
 * /test and /secure gateways, the settings of the protocol conformance suites (fast heartbeat, 1 s
 * connect timeout, conformance application on) and token verification by an RSA key pair made per
 * test run: the public key (a JWKS with a kid) goes into the WAR's settings, the private key to the
 * clients that mint tokens ({@link #token}, and the JS suite through {@link #jsEnvironment()}).
 */
final class Deployments {

    static final String CONFORMANCE_SETTINGS = String.join("\n",
            "socketio.conformance.enabled=true",
            "socketio.ping-interval=300",
            "socketio.ping-timeout=200",
            "socketio.connect-timeout=1000",
            "socketio.max-http-buffer-size=1000000",
            // connection state recovery for the test namespace /recovery only (the rest of the suite
            // expects packets without offsets), with a short window the JS suite can outwait
            "socketio.recovery.max-disconnection-duration=2000",
            "socketio.recovery.namespaces=/recovery",
            // a cap on unanswered private messages per user that a JS test can exceed in a few messages
            // (persistence.test.mjs, PRIVATE_IN_FLIGHT_PER_USER in lib/config.mjs)
            "socketio.chat.private.in-flight-per-user=3",
            "");

    /** The test SSO: issuer, audience, and where tokens may also come from (a cookie, besides auth.token and Bearer). */
    static final String ISSUER = "https://sso.it.test/realms/socketio";
    static final String AUDIENCE = "socketio-it";
    static final String TOKEN_COOKIE = "jwt";
    /** Made once per test JVM: every deployment of a run trusts it, no key is ever stored. */
    static final RsaJsonWebKey SIGNING_KEY = rsa("it-" + UUID.randomUUID());

    private Deployments() {
    }

    /**
     * Token verification as the tests expect it. No clock skew, so that expiry is exact (the JS suite
     * and the reference server count on it); the cookie setting lets auth.token, the Bearer header
     * and the cookie all work.
     */
    static String authSettings() {
        return String.join("\n",
                "mp.jwt.verify.publickey=" + JwtFixtures.publicJwks(SIGNING_KEY),
                "mp.jwt.verify.issuer=" + ISSUER,
                "mp.jwt.verify.audiences=" + AUDIENCE,
                "mp.jwt.verify.clock.skew=0",
                "mp.jwt.token.header=Cookie",
                "mp.jwt.token.cookie=" + TOKEN_COOKIE,
                "");
    }

    static WebArchive productWar(String name) {
        return productWar(name, CONFORMANCE_SETTINGS + authSettings());
    }

    /** Whether the tests run against WildFly (-Pwildfly), which serves health on its management port and has no /metrics. */
    static boolean onWildFly() {
        return System.getProperty("wildfly.management.port") != null;
    }

    /** A MicroProfile Health path: Payara serves it on the HTTP port, WildFly on its management port. */
    static java.net.URI health(int httpPort, String path) {
        String management = System.getProperty("wildfly.management.port");
        int port = management != null ? Integer.parseInt(management) : httpPort;
        return java.net.URI.create("http://127.0.0.1:" + port + path);
    }

    /** The product WAR with the test gateways and the given microprofile-config.properties. */
    static WebArchive productWar(String name, String settings) {
        return productWarWithTestGateways(name)
                .addAsResource(new StringAsset(settings), "META-INF/microprofile-config.properties");
    }

    /** The product WAR plus the test-only /test, /secure and /diagnostics gateways; settings come from the server. */
    static WebArchive productWarWithTestGateways(String name) {
        File war = new File(System.getProperty("sio.war", "target/socketio-jakarta.war"));
        if (!war.isFile()) throw new IllegalStateException("Build the WAR first (mvn package): " + war.getAbsolutePath());
        return ShrinkWrap.create(ZipImporter.class, name + ".war").importFrom(war).as(WebArchive.class)
                .addClass(TestGateway.class)
                .addClass(SecureTestGateway.class)
                .addClass(DiagnosticsGateway.class)
                .addClass(RecoveryTestGateway.class)
                .addClass(TenantTestGateway.class);
    }

    /** Payara reports its external address; tests talk to loopback only. */
    static URI loopback(URL deployed) {
        return URI.create("http://127.0.0.1:" + deployed.getPort() + deployed.getPath());
    }

    // ---- tokens ----

    /** What the JS suite needs to mint the tokens this deployment accepts (see src/test/js/lib/tokens.mjs). */
    static Map<String, String> jsEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SIO_JWT_PRIVATE_KEY", privateKeyPem(SIGNING_KEY));
        env.put("SIO_JWT_KID", SIGNING_KEY.getKeyId());
        env.put("SIO_JWT_ISSUER", ISSUER);
        env.put("SIO_JWT_AUDIENCE", AUDIENCE);
        env.put("SIO_JWT_COOKIE", TOKEN_COOKIE);
        return env;
    }

    /** A valid token (ten minutes) for {@code sub}: display name = sub, groups as given. */
    static String token(String sub, String... groups) {
        return token(SIGNING_KEY, ISSUER, sub, 600, groups);
    }

    /** A token signed by {@code key} (its kid in the header), for {@code issuer}, valid for {@code lifetimeSeconds}. */
    static String token(RsaJsonWebKey key, String issuer, String sub, long lifetimeSeconds, String... groups) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(AUDIENCE);
        claims.setSubject(sub);
        claims.setClaim("preferred_username", sub);
        claims.setStringListClaim("groups", List.of(groups));
        claims.setIssuedAtToNow();
        claims.setNotBeforeMinutesInThePast(0);
        claims.setExpirationTimeMinutesInTheFuture(lifetimeSeconds / 60f);
        return JwtFixtures.rs256(key, claims);
    }

    /** A signing key as an SSO publishes it: "use" sig, "alg" RS256. */
    static RsaJsonWebKey rsa(String kid) {
        RsaJsonWebKey key = JwtFixtures.rsa(kid);
        key.setUse("sig");
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        return key;
    }

    static String privateKeyPem(RsaJsonWebKey key) {
        return JwtFixtures.pem(key.getRsaPrivateKey());
    }
}
