package dev.sio.cdi;

/** Supplies one handler parameter; chosen once per parameter when the gateway is built. */
@FunctionalInterface
interface ParameterResolver {
    Object resolve(HandlerContext context);
}
