package dev.sio.integration.rabbitmq;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RabbitLinkTest {

    private static RabbitSettings settings(String uri) {
        return new RabbitSettings(URI.create(uri), "in", "in", "out", 10);
    }

    @Test
    void a_broker_that_does_not_answer_is_a_readiness_problem_and_the_start_does_not_wait_for_it() throws Exception {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0)) {
            closedPort = free.getLocalPort();
        }
        try (RabbitLink link = new RabbitLink(settings("amqp://guest:secret@127.0.0.1:" + closedPort), getClass().getClassLoader())) {
            link.start(); // returns at once: the connecting goes on in the link's own thread

            assertEquals(Optional.of("RabbitMQ at amqp://127.0.0.1:" + closedPort + " unreachable"), link.problem(),
                    "named without the password");
        }
    }

    @Test
    void the_password_never_shows_in_the_safe_uri() {
        RabbitSettings settings = settings("amqp://user:s3cret@broker.internal:5673/prod");
        assertEquals("amqp://broker.internal:5673/prod", settings.safeUri());
        assertFalse(settings.safeUri().contains("s3cret"));
    }

    @Test
    void a_uri_that_is_not_amqp_is_refused_at_start() {
        assertThrows(IllegalArgumentException.class, () -> new RabbitLink(settings("http://127.0.0.1:5672"), getClass().getClassLoader()));
    }
}
