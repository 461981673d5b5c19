package dev.sio.integration.rest;

import dev.sio.auth.DevTokenIssuer;
import dev.sio.auth.TokenVerifier;
import dev.sio.integration.Emitter;
import dev.sio.socketio.server.PayloadMapper;
import dev.sio.socketio.server.SocketIoConfig;
import dev.sio.socketio.server.SocketIoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EmitEndpointTest {

    private final DevTokenIssuer issuer = new DevTokenIssuer("https://sso.test", Duration.ofMinutes(5));
    private final DevTokenIssuer stranger = new DevTokenIssuer("https://sso.test", Duration.ofMinutes(5));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SocketIoServer server = new SocketIoServer(SocketIoConfig.defaults(), scheduler, new PayloadMapper());
    private final Emitter emitter = new Emitter(server);
    private final EmitEndpoint endpoint = new EmitEndpoint(emitter, new TokenVerifier(issuer.settings()), "socketio-emitter");

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private EmitEndpoint.Answer emit(String json) {
        return endpoint.emit(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_token_with_the_role_is_let_through() {
        assertNull(endpoint.refusal("Bearer " + issuer.mint("svc", "Orders", Set.of("socketio-emitter"))));
        assertNull(endpoint.refusal("bearer " + issuer.mint("svc", "Orders", Set.of("other", "socketio-emitter"))));
    }

    @Test
    void no_token_or_an_invalid_one_is_401() {
        assertEquals(401, endpoint.refusal(null).status());
        assertEquals(401, endpoint.refusal("Basic dXNlcjpwdw==").status());
        assertEquals(401, endpoint.refusal("Bearer ").status());
        assertEquals(401, endpoint.refusal("Bearer not-a-jwt").status());
        assertEquals(401, endpoint.refusal("Bearer " + stranger.mint("svc", "Orders", Set.of("socketio-emitter"))).status(),
                "signed by another key");
    }

    @Test
    void a_valid_token_without_the_role_is_403() {
        EmitEndpoint.Answer answer = endpoint.refusal("Bearer " + issuer.mint("alice", "Alice", Set.of("chat-user")));
        assertEquals(403, answer.status());
        assertEquals("{\"error\":\"the token lacks the role socketio-emitter\"}", answer.json());
    }

    @Test
    void a_good_body_is_202_and_a_bad_one_400_with_the_reason() {
        server.of("/chat");

        assertEquals(new EmitEndpoint.Answer(202, "{\"ok\":true}"), emit("{\"nsp\": \"/chat\", \"event\": \"notice\", \"args\": [1]}"));
        assertEquals(new EmitEndpoint.Answer(400, "{\"error\":\"unknown namespace '/nowhere'\"}"), emit("{\"nsp\": \"/nowhere\", \"event\": \"notice\"}"));
        assertEquals(new EmitEndpoint.Answer(400, "{\"error\":\"event 'disconnect' is reserved\"}"), emit("{\"nsp\": \"/chat\", \"event\": \"disconnect\"}"));
        assertEquals(400, emit("{oops").status());
        assertEquals(1, emitter.emitted());
        assertEquals(3, emitter.refused());
    }
}
