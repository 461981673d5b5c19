package dev.sio.engineio.http;

import dev.sio.engineio.server.EngineError;
import dev.sio.engineio.server.EngineRegistry;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.HandshakeValidator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Refuses bad WebSocket upgrade requests with the spec's HTTP 400 and a JSON body before the
 * WebSocket container sees them: only a servlet filter can answer an upgrade with a proper status
 * on every server (an endpoint configurator can only fail with 403 or 500).
 */
@WebFilter(urlPatterns = {"/socket.io/*", "/engine.io/*"}, asyncSupported = true)
public class EngineRequestFilter extends HttpFilter {

    private static final Logger LOG = System.getLogger(EngineRequestFilter.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String enginePath = path.startsWith("/engine.io") ? "/engine.io/" : "/socket.io/";
        EngineServer engine = EngineRegistry.get(enginePath);
        Optional<EngineError> error;
        if (engine == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        } else if (!path.equals(enginePath)) {
            // the WebSocket container only takes an exact path: anything else would fall through as a GET
            error = Optional.of(EngineError.BAD_REQUEST);
        } else {
            error = HandshakeValidator.check(request.getParameter("EIO"), request.getParameter("transport"), "websocket");
            String sid = request.getParameter("sid");
            if (error.isEmpty() && sid != null && engine.find(sid) == null) error = Optional.of(EngineError.UNKNOWN_SID);
        }
        if (error.isPresent()) {
            LOG.log(Level.DEBUG, "Refused WebSocket upgrade {0}?{1}: {2}", path, request.getQueryString(), error.get().message());
            refuse(response, error.get());
            return;
        }
        chain.doFilter(request, response);
    }

    static void refuse(HttpServletResponse response, EngineError error) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(error.json());
    }
}
