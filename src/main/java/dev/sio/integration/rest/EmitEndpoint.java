package dev.sio.integration.rest;

import dev.sio.auth.TokenRejectedException;
import dev.sio.auth.TokenVerifier;
import dev.sio.auth.VerifiedToken;
import dev.sio.integration.Emitter;
import dev.sio.integration.InvalidEmitException;
import dev.sio.socketio.server.JsonBuilders;

/**
 * What {@code POST <context>/api/emit} answers, free of the servlet API: the bearer token verified
 * with the server's own verifier and its {@code groups} holding the emitter role, then the body read
 * and emitted like a RabbitMQ message. 202 once handed to the adapter; 400 with
 * {@code {"error": ...}} for a body that cannot be carried out; 401 without a valid token; 403
 * without the role.
 */
public final class EmitEndpoint {

    /** A status and its JSON body. */
    public record Answer(int status, String json) {
    }

    private final Emitter emitter;
    private final TokenVerifier verifier;
    private final String role;

    public EmitEndpoint(Emitter emitter, TokenVerifier verifier, String role) {
        this.emitter = emitter;
        this.verifier = verifier;
        this.role = role;
    }

    /** Whether the {@code Authorization} header value carries a token with the role; null when it does, else the refusal. */
    public Answer refusal(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
            return error(401, "a bearer token is required");
        }
        VerifiedToken token;
        try {
            token = verifier.verify(authorization.substring(7).trim());
        } catch (TokenRejectedException e) {
            return error(401, "invalid token");
        }
        if (!token.getGroups().contains(role)) return error(403, "the token lacks the role " + role);
        return null;
    }

    /** Emits the body of an authorized request. */
    public Answer emit(byte[] body) {
        try {
            emitter.emit(body);
        } catch (InvalidEmitException e) {
            return error(400, e.getMessage());
        }
        return new Answer(202, JsonBuilders.object().add("ok", true).build().toString());
    }

    static Answer error(int status, String message) {
        return new Answer(status, JsonBuilders.object().add("error", message).build().toString());
    }
}
