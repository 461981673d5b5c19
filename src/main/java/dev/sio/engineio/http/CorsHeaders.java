package dev.sio.engineio.http;

import dev.sio.engineio.server.CorsPolicy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The CORS response headers, as the reference server's cors middleware writes them. */
final class CorsHeaders {

    private CorsHeaders() {
    }

    static void add(CorsPolicy policy, HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (origin == null) return; // not a cross-origin browser request
        String allowed = policy.allowOriginHeader(origin);
        if (allowed == null) return;
        response.setHeader("Access-Control-Allow-Origin", allowed);
        if (!"*".equals(allowed)) response.addHeader("Vary", "Origin");
        if (policy.credentials()) response.setHeader("Access-Control-Allow-Credentials", "true");
    }

    static void preflight(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
        String headers = request.getHeader("Access-Control-Request-Headers");
        if (headers != null) {
            response.setHeader("Access-Control-Allow-Headers", headers);
            response.addHeader("Vary", "Access-Control-Request-Headers");
        }
        response.setContentLength(0);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
