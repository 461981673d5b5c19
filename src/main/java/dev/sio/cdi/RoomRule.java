package dev.sio.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a gateway class: who may join the rooms whose names match a pattern through
 * {@link Rooms#join}. A room matching no rule is open to every socket of the namespace; for a room
 * matching several, the first declared rule decides. A refused join throws
 * {@link AccessDeniedException}, which the gateway answers like a refused event
 * ({@code {"ok":false,"error":"forbidden"}} to the acknowledgement).
 *
 * <pre>{@code
 * @RoomRule(pattern = "admin-.*", rolesAllowed = "admin")
 * @RoomRule(pattern = "team-.*", rolesAllowed = {"staff", "admin"})
 * }</pre>
 *
 * {@code Socket.join} is the unchecked low-level call; gateways use {@code Rooms.join}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(RoomRules.class)
public @interface RoomRule {

    /** A Java regular expression the whole room name must match, e.g. {@code "admin-.*"}. */
    String pattern();

    /** The roles ({@code groups} of the token) of which one is needed; {@code "**"}: any authenticated user; empty: no one. */
    String[] rolesAllowed();
}
