package dev.sio.it;

import dev.sio.cluster.redis.RedisLink;
import dev.sio.cluster.redis.RedisLinkState;
import dev.sio.cluster.redis.RedisSettings;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test-only: proves Lettuce and Netty load and work from the WAR inside the server. One request
 * starts a RedisLink to the local Redis, subscribes, publishes to itself, answers what came back
 * and the NUMSUB count, and closes the link. Nothing waits: the answer is written from the
 * subscriber's callback.
 */
@WebServlet(urlPatterns = "/redis-probe", asyncSupported = true)
public class RedisProbeServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        String channel = "probe-" + System.nanoTime() + "#/#";
        AsyncContext async = req.startAsync();
        async.setTimeout(10_000);
        RedisSettings d = RedisSettings.defaults();
        AtomicBoolean started = new AtomicBoolean();
        RedisLink[] holder = new RedisLink[1];
        holder[0] = RedisLink.start(new RedisSettings(req.getParameter("uri"), "probe", d.requestsTimeout(),
                Duration.ofSeconds(2), 100), state -> {
            if (state == RedisLinkState.CONNECTED && started.compareAndSet(false, true)) {
                RedisLink link = holder[0];
                link.subscribe(channel, (ch, msg) -> link.numsub(channel).whenComplete((n, e) -> {
                    answer(async, "received=" + new String(msg, StandardCharsets.UTF_8) + " numsub=" + n);
                    link.close();
                })).thenCompose(v -> link.publish(channel, "hello from Payara".getBytes(StandardCharsets.UTF_8)));
            }
        });
    }

    private static void answer(AsyncContext async, String text) {
        try {
            async.getResponse().setContentType("text/plain");
            async.getResponse().getWriter().write(text);
        } catch (IOException e) {
            // the client went away: nothing to tell
        } finally {
            async.complete();
        }
    }
}
