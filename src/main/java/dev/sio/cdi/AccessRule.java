package dev.sio.cdi;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.lang.reflect.AnnotatedElement;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Who may pass a guard, read from the standard {@code jakarta.annotation.security} annotations:
 * {@link PermitAll} (anyone, a token is optional), {@link DenyAll} (no one), {@link RolesAllowed}
 * (a verified token whose {@code groups} hold one of the roles; {@value #ANY_AUTHENTICATED} is any
 * verified token).
 */
record AccessRule(Kind kind, Set<String> roles) {

    /** The Jakarta convention for "any authenticated user", whatever its roles. */
    static final String ANY_AUTHENTICATED = "**";

    /** Refusal for a socket without a principal where one is needed. */
    static final String UNAUTHORIZED = "unauthorized";
    /** Refusal for a principal without the role, or for {@link DenyAll}. */
    static final String FORBIDDEN = "forbidden";

    enum Kind { PERMIT_ALL, DENY_ALL, ROLES }

    static final AccessRule PERMIT_ALL = new AccessRule(Kind.PERMIT_ALL, Set.of());
    static final AccessRule DENY_ALL = new AccessRule(Kind.DENY_ALL, Set.of());
    static final AccessRule AUTHENTICATED = new AccessRule(Kind.ROLES, Set.of(ANY_AUTHENTICATED));

    AccessRule {
        roles = Set.copyOf(roles);
    }

    static AccessRule roles(String... roles) {
        return new AccessRule(Kind.ROLES, Set.of(roles));
    }

    /**
     * The rule an element declares, or null when it has no security annotation. Declaring more
     * than one, or an empty {@code @RolesAllowed}, is reported as a problem.
     */
    static AccessRule of(AnnotatedElement element, String where, List<String> problems) {
        RolesAllowed rolesAllowed = element.getAnnotation(RolesAllowed.class);
        boolean permitAll = element.isAnnotationPresent(PermitAll.class);
        boolean denyAll = element.isAnnotationPresent(DenyAll.class);
        int count = (rolesAllowed != null ? 1 : 0) + (permitAll ? 1 : 0) + (denyAll ? 1 : 0);
        if (count == 0) return null;
        if (count > 1) {
            problems.add(where + ": only one of @RolesAllowed, @PermitAll, @DenyAll may be declared");
            return DENY_ALL;
        }
        if (permitAll) return PERMIT_ALL;
        if (denyAll) return DENY_ALL;
        String[] roles = Arrays.stream(rolesAllowed.value()).map(String::trim).filter(r -> !r.isEmpty()).toArray(String[]::new);
        if (roles.length == 0) {
            problems.add(where + ": @RolesAllowed names no role (use @DenyAll to refuse everyone, or \"**\" for any authenticated user)");
            return DENY_ALL;
        }
        return roles(roles);
    }

    /** Whether the guard refuses a socket that sent no token. */
    boolean requiresToken() {
        return kind != Kind.PERMIT_ALL;
    }

    /** Null when {@code principal} (null: anonymous) may pass, else the client-facing refusal. */
    String refusal(JsonWebToken principal) {
        return switch (kind) {
            case PERMIT_ALL -> null;
            case DENY_ALL -> FORBIDDEN;
            case ROLES -> {
                if (principal == null) yield UNAUTHORIZED;
                if (roles.contains(ANY_AUTHENTICATED)) yield null;
                Set<String> groups = principal.getGroups();
                if (groups != null) {
                    for (String group : groups) {
                        if (roles.contains(group)) yield null;
                    }
                }
                yield FORBIDDEN;
            }
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PERMIT_ALL -> "@PermitAll";
            case DENY_ALL -> "@DenyAll";
            case ROLES -> "@RolesAllowed(" + roles + ")";
        };
    }
}
