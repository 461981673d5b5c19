package dev.sio.web;

import dev.sio.auth.DevTokenIssuer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET <context>/api/dev/token?user=NAME[&groups=a,b]} answers {@code {"token": "..."}}, a token
 * of the development issuer. Registered by {@link DevTokenRegistration} only in development mode:
 * otherwise the path does not exist (404).
 */
final class DevTokenServlet extends HttpServlet {

    static final String PATH = "/api/dev/token";
    private static final long serialVersionUID = 1L;

    private final transient DevTokenEndpoint endpoint;

    DevTokenServlet(DevTokenIssuer issuer) {
        this.endpoint = new DevTokenEndpoint(issuer);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        DevTokenEndpoint.Answer answer = endpoint.answer(request.getParameter("user"), request.getParameter("groups"));
        response.setStatus(answer.status());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(answer.json());
    }
}
