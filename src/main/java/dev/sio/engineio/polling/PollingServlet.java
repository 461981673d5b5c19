package dev.sio.engineio.polling;

import dev.sio.engineio.protocol.EngineCodec;
import dev.sio.engineio.protocol.EngineCodecV3;
import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.protocol.EnginePacketType;
import dev.sio.engineio.protocol.EngineProtocolException;
import dev.sio.engineio.server.BurstScope;
import dev.sio.engineio.server.CloseReasons;
import dev.sio.engineio.server.ConnectionLimits;
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

import java.io.IOException;
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
    private static final String PAYLOAD_TOO_LARGE = "{\"code\":" + EngineError.BAD_REQUEST.code() + ",\"message\":\"Payload too large\"}";
    private static final String JSONP_REFUSED = "{\"code\":" + EngineError.BAD_REQUEST.code()
            + ",\"message\":\"JSONP polling is not supported\"}";
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    /** Set by the application's wiring when the servlet context starts, before this servlet is initialised. */
    private static volatile PollingSettings configuredSettings = PollingSettings.defaults();
    private static volatile UnsentBytesProbe configuredProbe = UnsentBytesProbe.NONE;

    private PollingSettings settings = PollingSettings.defaults();
    private WriteDeadline writeDeadline;
    private AsyncEnds asyncEnds;
    private final ClosedByClient closedByClient = new ClosedByClient();

    /**
     * The transport's settings and the container's probe of unsent bytes (see {@link UnsentBytesProbe});
     * called once at start (static state is per class loader, so per deployment).
     */
    public static void configure(PollingSettings settings, UnsentBytesProbe probe) {
        configuredSettings = settings;
        configuredProbe = probe;
    }

    @Override
    public void init() {
        settings = configuredSettings;
        writeDeadline = new WriteDeadline(settings.writeTimeoutMillis(), configuredProbe);
        asyncEnds = new AsyncEnds();
    }

    @Override
    public void destroy() {
        if (writeDeadline != null) writeDeadline.shutdown();
        if (asyncEnds != null) asyncEnds.shutdown();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PollAnswer handedOff = PollAnswer.takeHandedOff(request);
        if (handedOff != null) {
            // a parked poll being answered (see PollAnswer): headers were set when it arrived
            handedOff.write(request, response, writeDeadline, asyncEnds);
            return;
        }
        if (PostBodyReader.answerDispatched(request, response)) return;
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
        String eio = QueryString.first(query, "EIO");
        var invalid = HandshakeValidator.check(eio, transport, "polling", engine.config().allowEio3());
        if (invalid.isPresent()) {
            // transport=websocket without an upgrade is a bad request, any other transport unknown
            refuse(response, "websocket".equals(transport) && invalid.get() == EngineError.UNKNOWN_TRANSPORT
                    ? EngineError.BAD_REQUEST : invalid.get());
            return;
        }
        int protocol = HandshakeValidator.protocol(eio);
        if (protocol == 3 && QueryString.first(query, "j") != null) {
            // JSONP polling (old browsers without CORS) is not served: a script-tag transport would
            // need its own answer format and a GET-only write path for one legacy client kind
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("application/json");
            response.getWriter().write(JSONP_REFUSED);
            return;
        }
        String sid = QueryString.first(query, "sid");
        if (sid == null) {
            handshake(engine, request, response, query, protocol);
            return;
        }
        EngineSession session = engine.find(sid);
        if (session != null && session.protocol() != protocol) {
            // a session keeps the protocol revision it was opened with
            refuse(response, EngineError.BAD_REQUEST);
            return;
        }
        if (session == null && "GET".equals(request.getMethod()) && closedByClient.takeRecent(sid)) {
            // a GET that crossed its client's close on the way: the noop it would have got when parked
            answerNoop(response, protocol);
            return;
        }
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
                           Map<String, List<String>> query, int protocol) throws IOException {
        if (!"GET".equals(request.getMethod())) {
            refuse(response, EngineError.BAD_HANDSHAKE_METHOD);
            return;
        }
        long pollTimeout = engine.config().pingInterval().toMillis() + engine.config().pingTimeout().toMillis();
        // v3: a client that cannot read binary (socket.io-client 2.x on Node, forceBase64) sends b64=1
        PollingTransport transport = new PollingTransport(engine.config().maxPayload(), pollTimeout,
                writeDeadline, asyncEnds, closedByClient, protocol, QueryString.first(query, "b64") == null);
        EngineSession session;
        try {
            session = engine.open(transport, handshakeInfo(request, query),
                    engine.config().allowUpgrades() ? List.of("websocket") : List.of(), protocol);
        } catch (ConnectionRefusedException refused) {
            LOG.log(refused.refusal() == ConnectionLimits.Refusal.SHUTTING_DOWN ? Level.DEBUG : Level.WARNING,
                    "Refused a polling connection from {0}: {1}", request.getRemoteAddr(), refused.getMessage());
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setContentType("application/json");
            response.getWriter().write(refused.refusal().json());
            return;
        }
        transport.attach(session);
        transport.poll(request, response); // answers at once with the open packet
    }

    /**
     * The body is read without holding a thread (see {@link PostBodyReader}); the POST slot of the
     * session stays taken until the body was read and handled, or failed.
     */
    private void post(EngineServer engine, EngineSession session, PollingTransport polling,
                      HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!polling.beginPost()) {
            refuse(response, EngineError.BAD_REQUEST);
            session.closeNow(CloseReasons.TRANSPORT_ERROR);
            return;
        }
        int max = engine.config().maxPayload();
        String contentType = request.getContentType();
        if (request.getContentLengthLong() > max) {
            try {
                session.protocolError("POST body over the " + max + "-byte limit");
                response.setStatus(413);
                response.setContentType("application/json");
                response.getWriter().write(PAYLOAD_TOO_LARGE);
                session.closeNow(CloseReasons.TRANSPORT_ERROR);
            } finally {
                polling.endPost();
            }
            return;
        }
        try {
            PostBodyReader.read(request, response, max, settings.bodyTimeoutMillis(), asyncEnds, new PostBodyReader.Outcome() {
                @Override
                public void bodyRead(HttpServletResponse answer, byte[] body) {
                    handleBody(session, polling, answer, body, contentType);
                }

                @Override
                public void failed(String why) {
                    polling.endPost();
                    LOG.log(Level.INFO, "Closing session {0}: {1}", session.id(), why);
                    session.closeNow(CloseReasons.TRANSPORT_ERROR);
                }
            });
        } catch (IOException | RuntimeException e) {
            polling.endPost();
            throw e;
        }
    }

    /**
     * Handles the packets of a POST, then frees the session's POST slot, then answers "ok" (as the
     * reference server does: data first, then the answer). In that order because the client sends its
     * next POST as soon as it has the "ok": answered before the slot was free, that POST found it
     * taken and the session ended ("xhr post error" on a loaded machine); answered before the packets
     * were handled, the next POST's packets could overtake these.
     */
    private void handleBody(EngineSession session, PollingTransport polling, HttpServletResponse response, byte[] body,
                                   String contentType) {
        List<EnginePacket> packets;
        try {
            packets = polling.decodeBody(body, contentType);
        } catch (EngineProtocolException e) {
            polling.endPost();
            session.protocolError("invalid polling payload: " + e.getMessage());
            try {
                refuse(response, EngineError.BAD_REQUEST);
            } catch (IOException | RuntimeException gone) {
                // the client left: nothing to tell it
            }
            session.closeNow(CloseReasons.PARSE_ERROR);
            return;
        }
        // a close from the client: kept before it is handled, so that a GET crossing it gets a noop
        // whichever thread wins (see ClosedByClient; the GET that gets the noop takes the sid)
        if (packets.stream().anyMatch(packet -> packet.type() == EnginePacketType.CLOSE)) closedByClient.closed(session.id());
        // what the handlers send to long-polling sessions leaves when they are done, in one answer per poll
        BurstScope burst = BurstScope.open();
        try {
            for (EnginePacket packet : packets) session.receive(packet);
        } finally {
            try {
                if (burst != null) burst.close();
            } finally {
                polling.endPost();
            }
        }
        try {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/html; charset=UTF-8");
            response.setContentLength(2);
            // two bytes: they fit in the socket's send buffer, so this never waits on the client
            response.getOutputStream().write(OK);
            response.flushBuffer();
        } catch (IOException | RuntimeException gone) {
            // the client left after sending its body: its packets were handled all the same
        }
    }

    private static void answerNoop(HttpServletResponse response, int protocol) throws IOException {
        List<EnginePacket> noop = List.of(EnginePacket.NOOP);
        byte[] body = (protocol == 3 ? EngineCodecV3.encodeTextPayload(noop) : EngineCodec.encodePayload(noop))
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PollAnswer.TEXT);
        response.setContentLength(body.length);
        response.getOutputStream().write(body); // a few bytes: the socket takes them at once
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
