package dev.sio.monitoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What must hold before a load balancer sends clients here: each condition names itself and says
 * what is wrong, if anything (the application is shutting down, the token keys cannot be loaded,
 * the cluster adapter cannot reach Redis). Ready when no condition has a problem.
 */
public final class ReadinessConditions {

    /** A named condition; {@code problem} returns empty while all is well. */
    public record Condition(String name, Supplier<Optional<String>> problem) {
    }

    private final List<Condition> conditions = new CopyOnWriteArrayList<>();

    public ReadinessConditions add(String name, Supplier<Optional<String>> problem) {
        conditions.add(new Condition(name, problem));
        return this;
    }

    /**
     * Asks every condition. A condition that throws counts as a problem (its exception class is
     * reported, not its message, which may carry anything).
     *
     * @param facts extra values to report (connection counts); put after the conditions
     */
    public HealthReport report(Map<String, Object> facts) {
        Map<String, Object> data = new LinkedHashMap<>();
        boolean up = true;
        for (Condition condition : conditions) {
            Optional<String> problem;
            try {
                problem = condition.problem().get();
            } catch (RuntimeException e) {
                problem = Optional.of("check failed: " + e.getClass().getSimpleName());
            }
            data.put(condition.name(), problem.orElse("ok"));
            if (problem.isPresent()) up = false;
        }
        data.putAll(facts);
        return new HealthReport(up, data);
    }
}
