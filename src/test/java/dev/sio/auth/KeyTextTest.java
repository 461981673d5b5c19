package dev.sio.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sio.testing.JwtFixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KeyTextTest {
    private static final RsaJsonWebKey RSA = JwtFixtures.rsa("r1");
    private static final EllipticCurveJsonWebKey EC = JwtFixtures.ec("e1");

    @TempDir
    Path dir;

    private static PublicJsonWebKey only(List<JsonWebKey> keys) {
        assertEquals(1, keys.size());
        return (PublicJsonWebKey) keys.get(0);
    }

    @Test
    void pem_public_keys_of_both_types_are_read() {
        assertEquals(RSA.getPublicKey(), only(KeyText.parse(JwtFixtures.pem(RSA.getPublicKey()))).getPublicKey());
        assertEquals(EC.getPublicKey(), only(KeyText.parse(JwtFixtures.pem(EC.getPublicKey()))).getPublicKey());
    }

    @Test
    void the_bare_base64_of_a_public_key_is_read() {
        String bare = Base64.getEncoder().encodeToString(RSA.getPublicKey().getEncoded());
        assertEquals(RSA.getPublicKey(), only(KeyText.parse(bare)).getPublicKey());
    }

    @Test
    void jwk_and_jwks_json_keep_their_kids() {
        assertEquals("r1", only(KeyText.parse(JwtFixtures.publicJwk(RSA))).getKeyId());
        List<JsonWebKey> both = KeyText.parse(JwtFixtures.publicJwks(RSA, EC));
        assertEquals(List.of("r1", "e1"), both.stream().map(JsonWebKey::getKeyId).toList());
    }

    @Test
    void a_jwk_pasted_with_its_private_part_keeps_only_the_public_key() {
        String withPrivate = RSA.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
        PublicJsonWebKey parsed = only(KeyText.parse(withPrivate));
        assertNull(parsed.getPrivateKey());
        assertEquals(RSA.getPublicKey(), parsed.getPublicKey());
    }

    @Test
    void symmetric_and_encryption_keys_are_dropped() throws Exception {
        OctetSequenceJsonWebKey oct = OctJwkGenerator.generateJwk(256);
        String octJson = oct.toJson(JsonWebKey.OutputControlLevel.INCLUDE_SYMMETRIC);
        assertThrows(IllegalArgumentException.class, () -> KeyText.parse(octJson));
        assertThrows(IllegalArgumentException.class, () -> KeyText.parse("{\"keys\":[" + octJson + "]}"));

        RsaJsonWebKey enc = JwtFixtures.rsa("enc");
        enc.setUse("enc");
        String mixed = "{\"keys\":[" + octJson + "," + JwtFixtures.publicJwk(enc) + "," + JwtFixtures.publicJwk(RSA) + "]}";
        assertEquals("r1", only(KeyText.parse(mixed)).getKeyId());
    }

    @Test
    void text_that_holds_no_key_is_refused_with_a_message() {
        for (String bad : new String[] {"", "   ", "hello", "{", "{\"keys\":[]}", "{\"kty\":\"RSA\"}",
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
                "-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----",
                "-----BEGIN PUBLIC KEY-----\nno end", "eyJub3QiOiJhIGtleSJ9"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyText.parse(bad), bad);
            assertEquals(false, e.getMessage() == null || e.getMessage().isBlank(), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> KeyText.parse(null));
    }

    @Test
    void a_pem_certificate_yields_its_public_key() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeTrue(Files.isExecutable(keytool), "keytool ships with the JDK");
        Path store = dir.resolve("store.p12");
        Path cert = dir.resolve("cert.pem");
        run(keytool.toString(), "-genkeypair", "-alias", "sso", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=sso.test", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit");
        run(keytool.toString(), "-exportcert", "-rfc", "-alias", "sso", "-keystore", store.toString(),
                "-storepass", "changeit", "-file", cert.toString());
        PublicJsonWebKey key = only(KeyText.parse(Files.readString(cert)));
        assertInstanceOf(EllipticCurveJsonWebKey.class, key);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assumeTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "keytool failed");
    }
}
