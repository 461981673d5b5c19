package dev.sio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Lettuce 7 (Netty 4.2, Reactor) and the Redis link work from the WAR on the server (Redis at 127.0.0.1:6379). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedisLinkInContainerIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.productWar("redislink").addClass(RedisProbeServlet.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void aRedisLinkInsideTheServerPublishesAndReceives() throws Exception {
        URI probe = Deployments.loopback(base).resolve("redis-probe?uri="
                + URLEncoder.encode("redis://127.0.0.1:6379", StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("received=hello from Payara numsub=1", r.body());
    }
}
