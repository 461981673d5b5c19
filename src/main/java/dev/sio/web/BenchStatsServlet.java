package dev.sio.web;

import dev.sio.engineio.server.EngineRegistry;
import dev.sio.engineio.server.EngineServer;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.SocketIoServer;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.lang.management.ManagementFactory;

/**
 * Counts for the soak test ({@code bench/soak.sh}) at {@code /bench/stats}: open Engine.IO sessions,
 * connected sockets, the JVM's threads and those of this application ({@code socketio-*}). Answers
 * 404 unless {@code socketio.bench.enabled=true} (off by default, as the benchmark gateway).
 */
@WebServlet("/bench/stats")
public class BenchStatsServlet extends HttpServlet {

    /** The prefix of every thread this application starts. */
    static final String THREAD_PREFIX = "socketio-";

    @Inject
    SocketIoServer server;

    private boolean enabled;

    @Override
    public void init() {
        enabled = ConfigProvider.getConfig().getOptionalValue("socketio.bench.enabled", Boolean.class).orElse(false);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!enabled) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        EngineServer engine = EngineRegistry.get("/socket.io/");
        int sockets = 0;
        for (Namespace namespace : server.namespaces()) sockets += namespace.sockets().size();
        long ours = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(THREAD_PREFIX)).count();
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.getWriter().write("{\"sessions\":" + (engine == null ? -1 : engine.sessionCount())
                + ",\"sockets\":" + sockets
                + ",\"threads\":" + ManagementFactory.getThreadMXBean().getThreadCount()
                + ",\"socketioThreads\":" + ours + "}");
    }
}
