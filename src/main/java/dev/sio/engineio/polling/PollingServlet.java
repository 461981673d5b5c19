package dev.sio.engineio.polling;

import dev.sio.engineio.protocol.EngineCodec;
import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.protocol.EngineProtocolException;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.engineio.server.ConnectionRefusedException;
import dev.sio.engineio.server.EngineError;
import dev.sio.engineio.server.EngineRegistry;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.HandshakeValidator;
import dev.sio.engineio.server.QueryString;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP long-polling transport at {@code <context>/socket.io/} (and {@code /engine.io/} for the
 * plain Engine.IO conformance endpoint): handshake GET, long-poll GET, POST. WebSocket upgrades to
 * the same path are taken by the WebSocket container before they get here.
 */
@WebServlet(urlPatterns = {"/socket.io/*", "/engine.io/*"}, asyncSupported = true)
public class PollingServlet extends HttpServlet {

    private static final Logger LOG = System.getLogger(PollingServlet.class.getName());

    private AbortedPollDetector abortDetector = AbortedPollDetector.NONE;

    /**
     * Noticing cancelled polls on Grizzly is opt-in ({@code socketio.polling.abort-detection=true}):
     * it turns reading back on for a parked request's connection, and under load the container was
     * seen reusing request objects too early with it. Without it, the spec's duplicate-poll rule still
     * closes the session when the client polls again.
     */
    @Override
    public void init() {
        boolean detect;
        try {
            detect = ConfigProvider.getConfig().getOptionalValue("socketio.polling.abort-detection", Boolean.class).orElse(false);
        } catch (RuntimeException | LinkageError e) {
            detect = false;
        }
        abortDetector = detect ? GrizzlyAbortDetector.createOrNone() : AbortedPollDetector.NONE;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // polling answers must never come from a cache (the reference server says the same)
        response.setHeader("Cache-Control", "no-store");
        String enginePath = request.getServletPath().startsWith("/engine.io") ? "/engine.io/" : "/socket.io/";
        EngineServer engine = EngineRegistry.get(enginePath);
        if (engine == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Map<String, List<String>> query = QueryString.parse(request.getQueryString());
        String transport = QueryString.first(query, "transport");
        var invalid = HandshakeValidator.check(QueryString.first(query, "EIO"), transport, "polling");
        if (invalid.isPresent()) {
            // transport=websocket without an upgrade is a bad request, any other transport unknown
            refuse(response, "websocket".equals(transport) && invalid.get() == EngineError.UNKNOWN_TRANSPORT
                    ? EngineError.BAD_REQUEST : invalid.get());
            return;
        }
        String sid = QueryString.first(query, "sid");
        if (sid == null) {
            handshake(engine, request, response, query);
            return;
        }
        EngineSession session = engine.find(sid);
        if (session == null || !(session.transport() instanceof PollingTransport polling) || polling.isRetired()) {
            // unknown, closed, or upgraded to WebSocket: the polling transport is gone
            refuse(response, session == null ? EngineError.UNKNOWN_SID : EngineError.BAD_REQUEST);
            return;
        }
        switch (request.getMethod()) {
            case "GET" -> polling.poll(request, response);
            case "POST" -> post(engine, session, polling, request, response);
            default -> refuse(response, EngineError.BAD_REQUEST);
        }
    }

    private void handshake(EngineServer engine, HttpServletRequest request, HttpServletResponse response,
                           Map<String, List<String>> query) throws IOException {
        if (!"GET".equals(request.getMethod())) {
            refuse(response, EngineError.BAD_HANDSHAKE_METHOD);
            return;
        }
        long pollTimeout = engine.config().pingInterval().toMillis() + engine.config().pingTimeout().toMillis();
        PollingTransport transport = new PollingTransport(engine.config().maxPayload(), pollTimeout, abortDetector);
        EngineSession session;
        try {
            session = engine.open(transport, handshakeInfo(request, query),
                    engine.config().allowUpgrades() ? List.of("websocket") : List.of());
        } catch (ConnectionRefusedException refused) {
            LOG.log(Level.WARNING, "Refused a polling connection from {0}: {1}", request.getRemoteAddr(), refused.getMessage());
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setContentType("application/json");
            response.getWriter().write(refused.refusal().json());
            return;
        }
        transport.attach(session);
        transport.poll(request, response); // answers at once with the open packet
    }

    private void post(EngineServer engine, EngineSession session, PollingTransport polling,
                      HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!polling.beginPost()) {
            refuse(response, EngineError.BAD_REQUEST);
            session.closeNow(CloseReasons.TRANSPORT_ERROR);
            return;
        }
        try {
            int max = engine.config().maxPayload();
            if (request.getContentLengthLong() > max) {
                tooLarge(session, response, max);
                return;
            }
            byte[] body;
            try (InputStream in = request.getInputStream()) {
                body = in.readNBytes(max + 1);
            }
            if (body.length > max) {
                tooLarge(session, response, max);
                return;
            }
            List<EnginePacket> packets;
            try {
                packets = EngineCodec.decodePayload(new String(body, StandardCharsets.UTF_8));
            } catch (EngineProtocolException e) {
                LOG.log(Level.INFO, "Closing session {0}: invalid polling payload: {1}", session.id(), e.getMessage());
                refuse(response, EngineError.BAD_REQUEST);
                session.closeNow(CloseReasons.PARSE_ERROR);
                return;
            }
            // answer first: handlers may take a while, and the client waits for "ok" before its next POST
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/html; charset=UTF-8");
            response.getWriter().write("ok");
            response.flushBuffer();
            for (EnginePacket packet : packets) session.receive(packet);
        } finally {
            polling.endPost();
        }
    }

    private static void tooLarge(EngineSession session, HttpServletResponse response, int max) throws IOException {
        LOG.log(Level.INFO, "Closing session {0}: POST body over the {1}-byte limit", session.id(), max);
        response.setStatus(413);
        response.setContentType("application/json");
        response.getWriter().write("{\"code\":" + EngineError.BAD_REQUEST.code() + ",\"message\":\"Payload too large\"}");
        session.closeNow(CloseReasons.TRANSPORT_ERROR);
    }

    static void refuse(HttpServletResponse response, EngineError error) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(error.json());
    }

    private static HandshakeInfo handshakeInfo(HttpServletRequest request, Map<String, List<String>> query) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        String url = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        return new HandshakeInfo(headers, query, request.getRemoteAddr(), url, request.isSecure());
    }
}
