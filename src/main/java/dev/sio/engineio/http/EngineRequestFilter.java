package dev.sio.engineio.http;

import dev.sio.log.LogSafe;
import dev.sio.engineio.server.ConnectionLimits;
import dev.sio.engineio.server.EngineError;
import dev.sio.engineio.server.EngineEvents;
import dev.sio.engineio.server.EngineRegistry;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.HandshakeValidator;
import dev.sio.engineio.server.QueryString;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The front door of both transports: checks Origin against the allowed list (for polling and,
 * against cross-site WebSocket hijacking, for upgrades), adds CORS headers and answers preflights,
 * and refuses bad WebSocket upgrade requests with the spec's HTTP 400 and a JSON body before the
 * WebSocket container sees them: only a servlet filter can answer an upgrade with a proper status
 * on every server (an endpoint configurator can only fail with 403 or 500).
 */
@WebFilter(urlPatterns = {"/socket.io/*", "/engine.io/*"}, asyncSupported = true)
public class EngineRequestFilter extends HttpFilter {

    private static final Logger LOG = System.getLogger(EngineRequestFilter.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String enginePath = path.startsWith("/engine.io") ? "/engine.io/" : "/socket.io/";
        EngineServer engine = EngineRegistry.get(enginePath);
        if (engine == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Enumeration<String> origins = request.getHeaders("Origin");
        String origin = origins != null && origins.hasMoreElements() ? origins.nextElement() : null;
        if (origins != null && origins.hasMoreElements()) {
            // two Origin headers: no browser sends that, and whichever one we believed, the other
            // could be the real one; refuse rather than let the first decide
            LOG.log(Level.DEBUG, "Refused a request with several Origin headers ({0} {1})", LogSafe.text(request.getMethod()),
                    LogSafe.text(path));
            refuse(response, EngineError.BAD_REQUEST);
            return;
        }
        if (!engine.cors().allows(origin)) {
            LOG.log(Level.INFO, "Refused a request from origin {0} ({1} {2})", LogSafe.text(origin),
                    LogSafe.text(request.getMethod()), LogSafe.text(path));
            engine.events().connectionRefused(EngineEvents.Refusal.ORIGIN);
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("application/json");
            response.getWriter().write(EngineError.FORBIDDEN.json());
            return;
        }
        CorsHeaders.add(engine.cors(), request, response);
        if ("OPTIONS".equals(request.getMethod())) {
            CorsHeaders.preflight(request, response);
            return;
        }
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        Optional<EngineError> error;
        ConnectionLimits.Refusal refusal = engine.refusal(request.getRemoteAddr());
        if (refusal != null) {
            // refusals while shutting down are expected (clients reconnect at once): not worth a warning each
            LOG.log(refusal == ConnectionLimits.Refusal.SHUTTING_DOWN ? Level.DEBUG : Level.WARNING,
                    "Refused a WebSocket connection from {0}: {1}", request.getRemoteAddr(), refusal.message());
            engine.events().connectionRefused(EngineEvents.Refusal.of(refusal));
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setContentType("application/json");
            response.getWriter().write(refusal.json());
            return;
        }
        // the query string parsed here, not by the container (see QueryParameterRequest)
        Map<String, List<String>> query = QueryString.parse(request.getQueryString());
        if (!path.equals(enginePath)) {
            // the WebSocket container only takes an exact path: anything else would fall through as a GET
            error = Optional.of(EngineError.BAD_REQUEST);
        } else {
            error = HandshakeValidator.check(QueryString.first(query, "EIO"), QueryString.first(query, "transport"), "websocket",
                    engine.config().allowEio3());
            String sid = QueryString.first(query, "sid");
            if (error.isEmpty() && sid != null && engine.find(sid) == null) error = Optional.of(EngineError.UNKNOWN_SID);
        }
        if (error.isPresent()) {
            LOG.log(Level.DEBUG, "Refused WebSocket upgrade {0}?{1}: {2}", LogSafe.text(path),
                    LogSafe.text(request.getQueryString()), error.get().message());
            refuse(response, error.get());
            return;
        }
        chain.doFilter(new QueryParameterRequest(request, query), response);
    }

    static void refuse(HttpServletResponse response, EngineError error) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(error.json());
    }
}
