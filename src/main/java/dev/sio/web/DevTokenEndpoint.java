package dev.sio.web;

import dev.sio.auth.DevTokenIssuer;
import dev.sio.socketio.server.JsonBuilders;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the development token endpoint answers, free of servlet types: {@code user} (required) is
 * the subject and display name, {@code groups} an optional comma-separated list of roles.
 */
final class DevTokenEndpoint {

    static final int MAX_NAME = 64;
    /** Letters, digits and a few separators: names end up in logs and chat notices. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._@ -]{1," + MAX_NAME + "}");

    /** An HTTP status and a JSON body. */
    record Answer(int status, String json) {
    }

    private final DevTokenIssuer issuer;

    DevTokenEndpoint(DevTokenIssuer issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    Answer answer(String user, String groups) {
        String name = user == null ? "" : user.trim();
        if (!NAME.matcher(name).matches()) {
            return error("user must be 1 to " + MAX_NAME + " letters, digits, spaces or . _ @ -");
        }
        Set<String> roles = new LinkedHashSet<>();
        if (groups != null) {
            for (String group : groups.split(",")) {
                String role = group.trim();
                if (role.isEmpty()) continue;
                if (!NAME.matcher(role).matches()) return error("groups must be a comma-separated list of names");
                roles.add(role);
            }
        }
        String token = issuer.mint(name, name, roles);
        return new Answer(200, JsonBuilders.object().add("token", token).build().toString());
    }

    private static Answer error(String message) {
        return new Answer(400, JsonBuilders.object().add("error", message).build().toString());
    }
}
