package dev.sio.it;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WAR Maven built says which build it is: an operator can read the version of what is deployed
 * from its manifest. No container: runs after {@code package}, on the WAR itself.
 */
class WarManifestIT {

    private static Attributes manifest() throws IOException {
        File war = new File(System.getProperty("sio.war", "target/socketio-jakarta.war"));
        assertTrue(war.isFile(), "the WAR is built: " + war);
        try (JarFile jar = new JarFile(war)) {
            Manifest manifest = jar.getManifest();
            assertNotNull(manifest, "the WAR has a manifest");
            return manifest.getMainAttributes();
        }
    }

    @Test
    void theManifestCarriesTheProjectsNameAndVersion() throws IOException {
        Attributes main = manifest();
        assertEquals("socketio-jakarta", main.getValue("Implementation-Title"));
        String expected = System.getProperty("sio.version");
        assertNotNull(expected, "the build passes the project version (failsafe's sio.version)");
        assertEquals(expected, main.getValue("Implementation-Version"));
    }

    @Test
    void theWildFlyModuleDependencyIsStillThere() throws IOException {
        assertEquals("org.eclipse.microprofile.jwt.auth.api", manifest().getValue("Dependencies"));
    }
}
