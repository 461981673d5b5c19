package dev.sio.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles one named event of the gateway's namespace; a namespace has at most one handler per
 * event. Parameters: {@code Socket}, {@code Handshake}, {@code Namespace}, {@code Ack} and
 * {@code Payload} by type; every other parameter takes the next event argument, in order, bound
 * to its declared type through JSON-B ({@code byte[]} takes a binary attachment). A method that
 * returns a value acknowledges with it when the client asked for an acknowledgement.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface OnEvent {
    /** The event name. */
    String value();
}
