package dev.sio.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our series in the server's Prometheus text, for the tests that check counts: Payara's MicroProfile
 * Metrics at {@code /metrics} on the HTTP port; WildFly's micrometer subsystem at {@code /prometheus}
 * on the management port (the wildfly profile enables it: server-config/wildfly/micrometer.cli).
 */
final class ServerMetrics {

    private static final Pattern SAMPLE = Pattern.compile("^(socketio_\\w+)(?:\\{([^}]*)})?\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ServerMetrics() {
    }

    /** Where the server under test serves its Prometheus text, given its HTTP port. */
    static URI endpoint(int httpPort) {
        String management = System.getProperty("wildfly.management.port");
        return management != null ? URI.create("http://127.0.0.1:" + management + "/prometheus")
                : URI.create("http://127.0.0.1:" + httpPort + "/metrics");
    }

    /** Labels the server adds to every application series: Payara's mp_scope, WildFly's WF_DEPLOYMENT. */
    private static boolean serverLabel(String name) {
        return name.startsWith("mp_") || name.equals("WF_DEPLOYMENT");
    }

    /** Every sample keyed as name{label=value,...} (the server's own labels left out, sorted); samples of one key summed. */
    static Map<String, Double> scrape(HttpClient http, int port) throws Exception {
        URI uri = endpoint(port);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Accept", "text/plain")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), uri + ": " + response.body());
        Map<String, Double> samples = new HashMap<>();
        Matcher sample = SAMPLE.matcher(response.body());
        while (sample.find()) {
            List<String> labels = new ArrayList<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) if (!serverLabel(label.group(1))) labels.add(label.group(1) + "=" + label.group(2));
            }
            labels.sort(null);
            String key = sample.group(1) + (labels.isEmpty() ? "" : "{" + String.join(",", labels) + "}");
            samples.merge(key, Double.parseDouble(sample.group(3)), Double::sum);
        }
        return samples;
    }

    /** One series without labels; fails when it is missing. */
    static double value(HttpClient http, int port, String name) throws Exception {
        Double value = scrape(http, port).get(name);
        if (value == null) throw new AssertionError("no " + name + " at " + endpoint(port));
        return value;
    }
}
