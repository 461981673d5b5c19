package dev.sio.cdi;

import java.lang.reflect.Method;

/**
 * One gateway method, its parameters resolved.
 *
 * @param kind      connect, disconnect or event
 * @param event     the event name (events only)
 * @param resolvers one per parameter, in order
 */
record HandlerMethod(Kind kind, String event, Method method, ParameterResolver[] resolvers) {

    enum Kind { CONNECT, DISCONNECT, EVENT }

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
