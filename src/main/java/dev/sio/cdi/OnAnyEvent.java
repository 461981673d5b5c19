package dev.sio.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sees every event a socket of the gateway's namespace sends, after the event's own
 * {@link OnEvent} handler (if any) ran: Node's {@code socket.onAny}. One per gateway. Parameters by
 * type: {@code String} (the event name, as the client sent it: escape it before logging it),
 * {@code Payload} (the arguments), {@code Socket}, {@code Namespace}, {@code Handshake},
 * {@code JsonWebToken}, and {@code Ack}, which is null unless no {@code @OnEvent} handler exists for
 * the event (a client is answered once). A returned value answers that acknowledgement. It also sees
 * events a guard refused: an audit sees every attempt.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface OnAnyEvent {
}
