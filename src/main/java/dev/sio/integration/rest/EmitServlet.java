package dev.sio.integration.rest;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST <context>/api/emit}: the servlet side of {@link EmitEndpoint}. The token is checked
 * first; the body is read up to a bound (larger: 413).
 */
final class EmitServlet extends HttpServlet {

    static final String PATH = "/api/emit";
    private static final long serialVersionUID = 1L;

    private final transient EmitEndpoint endpoint;
    private final int maxBody;

    EmitServlet(EmitEndpoint endpoint, int maxBody) {
        this.endpoint = endpoint;
        this.maxBody = maxBody;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        EmitEndpoint.Answer refusal = endpoint.refusal(request.getHeader("Authorization"));
        if (refusal != null && refusal.status() == 401) response.setHeader("WWW-Authenticate", "Bearer");
        if (refusal == null && request.getContentLengthLong() > maxBody) refusal = tooLarge();
        // the body is read even when refused (bounded): a body left unread on a kept-alive
        // connection was seen hanging the client's next request
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBody + 1);
        }
        if (body.length > maxBody) {
            response.setHeader("Connection", "close"); // the rest stays unread: no further request on it
            if (refusal == null) refusal = tooLarge();
        }
        answer(response, refusal != null ? refusal : endpoint.emit(body));
    }

    private EmitEndpoint.Answer tooLarge() {
        return EmitEndpoint.error(413, "the body is larger than " + maxBody + " bytes");
    }

    private static void answer(HttpServletResponse response, EmitEndpoint.Answer answer) throws IOException {
        response.setStatus(answer.status());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(answer.json());
    }
}
