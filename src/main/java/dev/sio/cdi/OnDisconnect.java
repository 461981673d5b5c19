package dev.sio.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called when a socket left the gateway's namespace. Parameters by type: {@code Socket},
 * {@code Namespace}, and a {@code String} that receives the reason ("client namespace disconnect",
 * "transport close", "ping timeout", ...). A gateway has at most one.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface OnDisconnect {
}
