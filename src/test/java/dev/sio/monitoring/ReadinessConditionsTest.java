package dev.sio.monitoring;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReadinessConditionsTest {

    @Test
    void ready_when_every_condition_holds_and_the_facts_follow_the_conditions() {
        HealthReport report = new ReadinessConditions()
                .add("accepting", Optional::empty)
                .add("tokenKeys", Optional::empty)
                .report(Map.of("connections", 3));

        assertTrue(report.up());
        assertEquals(Map.of("accepting", "ok", "tokenKeys", "ok", "connections", 3), report.data());
        assertEquals("[accepting, tokenKeys, connections]", report.data().keySet().toString());
    }

    @Test
    void one_problem_makes_it_not_ready_and_names_the_problem() {
        AtomicReference<Optional<String>> keys = new AtomicReference<>(Optional.of("no verification key loaded yet"));
        ReadinessConditions conditions = new ReadinessConditions()
                .add("accepting", Optional::empty)
                .add("tokenKeys", keys::get);

        HealthReport down = conditions.report(Map.of());
        assertFalse(down.up());
        assertEquals("no verification key loaded yet", down.data().get("tokenKeys"));

        keys.set(Optional.empty());
        assertTrue(conditions.report(Map.of()).up(), "ready again once the keys are loaded");
    }

    @Test
    void a_condition_that_throws_counts_as_a_problem_without_its_message() {
        HealthReport report = new ReadinessConditions()
                .add("cluster", () -> {
                    throw new IllegalStateException("secret://user:password@host");
                })
                .report(Map.of());

        assertFalse(report.up());
        assertEquals("check failed: IllegalStateException", report.data().get("cluster"));
    }
}
