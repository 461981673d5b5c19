package dev.sio.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles a server-side event that another node of the cluster emitted to the gateway's namespace
 * ({@code namespace.serverSideEmit(...)} here, {@code io.serverSideEmit(...)} on a Node node): Node's
 * {@code io.on("name", ...)}. Parameters: {@code Namespace}, {@code Ack} and {@code Payload} by type;
 * every other parameter takes the next event argument, bound through JSON-B. A returned value answers
 * the sending node's acknowledgement (only the first argument travels, as in Node). Runs on the
 * server's executor, never on a Redis thread; there is no socket and no token. Without a cluster
 * adapter it is never called.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface OnServerSideEvent {
    /** The event name. */
    String value();
}
