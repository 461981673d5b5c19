package dev.sio.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.net.URI;
import java.net.URL;

/**
 * The WAR the integration tests deploy: the one Maven built, as users get it, plus the test-only
 * /test gateway and the settings of the protocol conformance suites (fast heartbeat, 1 s connect
 * timeout, conformance application on).
 */
final class Deployments {

    static final String CONFORMANCE_SETTINGS = String.join("\n",
            "socketio.conformance.enabled=true",
            "socketio.ping-interval=300",
            "socketio.ping-timeout=200",
            "socketio.connect-timeout=1000",
            "socketio.max-http-buffer-size=1000000",
            "");

    private Deployments() {
    }

    static WebArchive productWar(String name) {
        File war = new File(System.getProperty("sio.war", "target/socketio-jakarta.war"));
        if (!war.isFile()) throw new IllegalStateException("Build the WAR first (mvn package): " + war.getAbsolutePath());
        return ShrinkWrap.create(ZipImporter.class, name + ".war").importFrom(war).as(WebArchive.class)
                .addClass(TestGateway.class)
                .addAsResource(new StringAsset(CONFORMANCE_SETTINGS), "META-INF/microprofile-config.properties");
    }

    /** Payara reports its external address; tests talk to loopback only. */
    static URI loopback(URL deployed) {
        return URI.create("http://127.0.0.1:" + deployed.getPort() + deployed.getPath());
    }
}
