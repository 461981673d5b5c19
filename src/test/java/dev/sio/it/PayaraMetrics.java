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

/** Our series in Payara's /metrics (Prometheus text), for the tests that check counts (WildFly 39 has none). */
final class PayaraMetrics {

    private static final Pattern SAMPLE = Pattern.compile("^(socketio_\\w+)(?:\\{([^}]*)})?\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PayaraMetrics() {
    }

    /** Every sample keyed as name{label=value,...} (mp_* labels left out, sorted); samples of one key summed. */
    static Map<String, Double> scrape(HttpClient http, int port) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Accept", "text/plain")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), uri + ": " + response.body());
        Map<String, Double> samples = new HashMap<>();
        Matcher sample = SAMPLE.matcher(response.body());
        while (sample.find()) {
            List<String> labels = new ArrayList<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) if (!label.group(1).startsWith("mp_")) labels.add(label.group(1) + "=" + label.group(2));
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
        if (value == null) throw new AssertionError("no " + name + " in /metrics");
        return value;
    }
}
