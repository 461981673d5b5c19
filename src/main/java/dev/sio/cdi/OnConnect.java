package dev.sio.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called when a socket joined the gateway's namespace, after its CONNECT was answered. Parameters
 * by type: {@code Socket}, {@code Handshake}, {@code Namespace}. A gateway has at most one.
 *
 * <p>It also runs for a socket that recovered its previous session (connection state recovery:
 * {@code socket.recovered()} is true, it has its old id, rooms and attributes, and the packets it
 * missed were sent before this call): a gateway that greets or announces should not do it twice.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface OnConnect {
}
