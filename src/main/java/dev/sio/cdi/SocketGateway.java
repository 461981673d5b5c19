package dev.sio.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a CDI bean (usually {@code @ApplicationScoped}) whose methods handle one Socket.IO
 * namespace: {@link OnConnect}, {@link OnDisconnect} and {@link OnEvent} methods. Handler methods
 * run on the connection's thread, one event at a time per connection, concurrently across
 * connections: gateways must be thread-safe. A gateway that cannot be bound (two handlers for one
 * event, a parameter nothing can resolve) fails the deployment with a message naming the method.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface SocketGateway {

    /** The namespace, e.g. "/chat". */
    String namespace() default "/";

    /**
     * A dynamic namespace instead of one name: a regular expression the whole namespace name must
     * match, e.g. {@code "^/tenant-[a-z0-9]+$"}. Each matching namespace is created on its first
     * CONNECT, with its own sockets and rooms, and served by this gateway (Node's
     * {@code io.of(/^\/tenant-\w+$/)}). Leave {@link #namespace()} unset when using it.
     */
    String namespacePattern() default "";

    /**
     * A boolean MicroProfile Config property that switches the gateway on; empty means always on.
     * Lets optional applications (conformance, benchmark) ship in the WAR switched off.
     */
    String enabledIf() default "";
}
