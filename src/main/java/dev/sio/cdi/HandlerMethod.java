package dev.sio.cdi;

import java.lang.reflect.Method;

/**
 * One gateway method, its parameters resolved.
 *
 * @param kind      connect, disconnect, event, any event (the catch-all), or a server-side event
 * @param event     the event name (events only)
 * @param resolvers one per parameter, in order
 * @param rule      the event guard (its own security annotation), or null
 */
record HandlerMethod(Kind kind, String event, Method method, ParameterResolver[] resolvers, AccessRule rule) {

    enum Kind { CONNECT, DISCONNECT, EVENT, ANY_EVENT, SERVER_SIDE_EVENT }

    HandlerMethod(Kind kind, String event, Method method, ParameterResolver[] resolvers) {
        this(kind, event, method, resolvers, null);
    }

    Object[] arguments(HandlerContext context) {
        Object[] args = new Object[resolvers.length];
        for (int i = 0; i < args.length; i++) args[i] = resolvers[i].resolve(context);
        return args;
    }

    boolean returnsValue() {
        return method.getReturnType() != void.class;
    }

    String describe() {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }
}
