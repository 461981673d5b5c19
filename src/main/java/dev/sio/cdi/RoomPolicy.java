package dev.sio.cdi;

import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A gateway's {@link RoomRule}s, compiled: who may join which rooms. */
record RoomPolicy(List<Entry> entries) {

    static final RoomPolicy OPEN = new RoomPolicy(List.of());

    record Entry(Pattern pattern, AccessRule rule) {
    }

    RoomPolicy {
        entries = List.copyOf(entries);
    }

    static RoomPolicy of(Class<?> gateway, List<String> problems) {
        RoomRule[] rules = gateway.getAnnotationsByType(RoomRule.class);
        if (rules.length == 0) return OPEN;
        List<Entry> entries = new ArrayList<>();
        for (RoomRule rule : rules) {
            String where = gateway.getName() + " @RoomRule(pattern = \"" + rule.pattern() + "\")";
            Pattern pattern;
            try {
                pattern = Pattern.compile(rule.pattern());
            } catch (PatternSyntaxException e) {
                problems.add(where + ": not a valid regular expression (" + e.getDescription() + ")");
                continue;
            }
            String[] roles = Arrays.stream(rule.rolesAllowed()).map(String::trim).filter(r -> !r.isEmpty()).toArray(String[]::new);
            entries.add(new Entry(pattern, roles.length == 0 ? AccessRule.DENY_ALL : AccessRule.roles(roles)));
        }
        return new RoomPolicy(entries);
    }

    boolean isOpen() {
        return entries.isEmpty();
    }

    /** Null when {@code principal} (null: anonymous) may join {@code room}, else the client-facing refusal. */
    String refusal(JsonWebToken principal, String room) {
        for (Entry entry : entries) {
            if (entry.pattern().matcher(room).matches()) return entry.rule().refusal(principal);
        }
        return null;
    }
}
