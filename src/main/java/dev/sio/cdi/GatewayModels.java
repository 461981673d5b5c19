package dev.sio.cdi;

import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.Handshake;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Payload;
import dev.sio.socketio.server.Socket;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a gateway class into a {@link GatewayModel}, choosing a resolver for every parameter once.
 * Whatever cannot be bound is reported as a problem that names the class and method, and the
 * deployment fails with it.
 */
final class GatewayModels {

    /** Event names the protocol reserves: a client can never send them. */
    static final Set<String> RESERVED_EVENTS = dev.sio.socketio.server.ReservedEvents.NAMES;

    private GatewayModels() {
    }

    static GatewayModel read(Class<?> beanClass, List<String> problems) {
        SocketGateway gateway = beanClass.getAnnotation(SocketGateway.class);
        String namespace = gateway.namespace().isEmpty() ? "/" : gateway.namespace();
        String namespacePattern = gateway.namespacePattern().isEmpty() ? null : gateway.namespacePattern();
        if (namespacePattern != null) {
            if (!"/".equals(namespace)) {
                problems.add("Gateway " + beanClass.getName() + ": give either namespace or namespacePattern, not both");
            }
            try {
                java.util.regex.Pattern.compile(namespacePattern);
            } catch (java.util.regex.PatternSyntaxException e) {
                problems.add("Gateway " + beanClass.getName() + ": namespacePattern is not a regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
            namespace = namespacePattern;
        } else if (!namespace.startsWith("/") || namespace.contains(",")) {
            problems.add("Gateway " + beanClass.getName() + ": namespace '" + namespace + "' must start with '/' and contain no comma");
        }
        AccessRule classRule = AccessRule.of(beanClass, beanClass.getName(), problems);
        RoomPolicy roomPolicy = RoomPolicy.of(beanClass, problems);
        HandlerMethod connect = null;
        HandlerMethod disconnect = null;
        HandlerMethod anyEvent = null;
        Map<String, HandlerMethod> serverSideEvents = new LinkedHashMap<>();
        Map<String, HandlerMethod> events = new LinkedHashMap<>();
        List<String> principalParameters = new ArrayList<>();
        for (Method method : methods(beanClass)) {
            int marks = (method.isAnnotationPresent(OnConnect.class) ? 1 : 0)
                    + (method.isAnnotationPresent(OnDisconnect.class) ? 1 : 0)
                    + (method.isAnnotationPresent(OnEvent.class) ? 1 : 0)
                    + (method.isAnnotationPresent(OnAnyEvent.class) ? 1 : 0)
                    + (method.isAnnotationPresent(OnServerSideEvent.class) ? 1 : 0);
            if (marks == 0) continue;
            String where = beanClass.getName() + "." + method.getName();
            if (marks > 1) {
                problems.add(where + ": a method takes only one of @OnConnect, @OnDisconnect, @OnEvent, @OnAnyEvent, @OnServerSideEvent");
                continue;
            }
            if (Modifier.isStatic(method.getModifiers()) || Modifier.isPrivate(method.getModifiers())) {
                problems.add(where + ": a handler method must be neither static nor private");
                continue;
            }
            AccessRule methodRule = AccessRule.of(method, where, problems);
            if (Arrays.asList(method.getParameterTypes()).contains(JsonWebToken.class)) principalParameters.add(where);
            if (methodRule != null && !method.isAnnotationPresent(OnEvent.class)) {
                problems.add(where + ": " + methodRule + " guards events only; put the connection's guard on the gateway class");
            }
            if (methodRule == AccessRule.PERMIT_ALL && classRule != null && classRule.requiresToken()) {
                problems.add(where + ": @PermitAll has no effect, the class's " + classRule
                        + " already guards the connection; remove it");
            }
            if (method.isAnnotationPresent(OnConnect.class)) {
                HandlerMethod handler = build(HandlerMethod.Kind.CONNECT, null, method, problems);
                if (connect != null) problems.add(where + ": the gateway has a second @OnConnect method (" + connect.method().getName() + ")");
                else connect = handler;
            } else if (method.isAnnotationPresent(OnServerSideEvent.class)) {
                String event = method.getAnnotation(OnServerSideEvent.class).value();
                if (event.isBlank() || RESERVED_EVENTS.contains(event)) {
                    problems.add(where + ": '" + event + "' cannot be handled (empty or reserved event name)");
                    continue;
                }
                HandlerMethod handler = build(HandlerMethod.Kind.SERVER_SIDE_EVENT, event, method, problems);
                HandlerMethod previous = serverSideEvents.putIfAbsent(event, handler);
                if (previous != null) {
                    problems.add("Server-side event '" + event + "' of namespace " + namespace + " has two handlers: "
                            + previous.describe() + " and " + handler.describe());
                }
            } else if (method.isAnnotationPresent(OnAnyEvent.class)) {
                HandlerMethod handler = build(HandlerMethod.Kind.ANY_EVENT, null, method, problems);
                if (anyEvent != null) problems.add(where + ": the gateway has a second @OnAnyEvent method (" + anyEvent.method().getName() + ")");
                else anyEvent = handler;
            } else if (method.isAnnotationPresent(OnDisconnect.class)) {
                HandlerMethod handler = build(HandlerMethod.Kind.DISCONNECT, null, method, problems);
                if (disconnect != null) problems.add(where + ": the gateway has a second @OnDisconnect method (" + disconnect.method().getName() + ")");
                else disconnect = handler;
            } else {
                String event = method.getAnnotation(OnEvent.class).value();
                if (event.isBlank() || RESERVED_EVENTS.contains(event)) {
                    problems.add(where + ": '" + event + "' cannot be handled (empty or reserved event name)");
                    continue;
                }
                HandlerMethod built = build(HandlerMethod.Kind.EVENT, event, method, problems);
                HandlerMethod handler = new HandlerMethod(built.kind(), event, method, built.resolvers(), methodRule);
                HandlerMethod previous = events.putIfAbsent(event, handler);
                if (previous != null) {
                    problems.add("Event '" + event + "' of namespace " + namespace + " has two handlers: "
                            + previous.describe() + " and " + handler.describe());
                }
            }
        }
        boolean usesAuth = classRule != null || !roomPolicy.isOpen()
                || events.values().stream().anyMatch(h -> h.rule() != null);
        if (!usesAuth) {
            for (String where : principalParameters) {
                problems.add(where + ": a JsonWebToken parameter needs a gateway that uses authentication: "
                        + "annotate the class with @RolesAllowed (\"**\": any authenticated user) or with @PermitAll "
                        + "(a token is optional, the parameter is null for anonymous sockets)");
            }
        }
        AccessRule connectRule = classRule != null ? classRule : usesAuth ? AccessRule.PERMIT_ALL : null;
        return new GatewayModel(beanClass, namespace, namespacePattern, gateway.enabledIf(), connect, disconnect, Map.copyOf(events),
                anyEvent, Map.copyOf(serverSideEvents), connectRule, roomPolicy);
    }

    /** Public and inherited methods plus the class's own non-public ones. */
    private static Collection<Method> methods(Class<?> beanClass) {
        Map<String, Method> found = new LinkedHashMap<>();
        for (Class<?> c = beanClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isSynthetic() || m.isBridge()) continue;
                found.putIfAbsent(m.getName() + Arrays.toString(m.getParameterTypes()), m);
            }
        }
        return found.values();
    }

    private static HandlerMethod build(HandlerMethod.Kind kind, String event, Method method, List<String> problems) {
        Parameter[] parameters = method.getParameters();
        ParameterResolver[] resolvers = new ParameterResolver[parameters.length];
        int payloadIndex = 0;
        List<Class<?>> seen = new ArrayList<>();
        for (int i = 0; i < parameters.length; i++) {
            Class<?> type = parameters[i].getType();
            String where = method.getDeclaringClass().getName() + "." + method.getName()
                    + ", parameter " + (i + 1) + " (" + type.getSimpleName() + " " + parameters[i].getName() + ")";
            ParameterResolver special = special(kind, type);
            if (special != null) {
                if (seen.contains(type)) problems.add(where + ": a " + type.getSimpleName() + " parameter appears twice");
                seen.add(type);
                resolvers[i] = special;
            } else if (kind == HandlerMethod.Kind.SERVER_SIDE_EVENT
                    && (type == Socket.class || type == JsonWebToken.class || type == Handshake.class)) {
                problems.add(where + ": a server-side event comes from another node: it has no socket, token or handshake");
                resolvers[i] = context -> null;
            } else if (kind == HandlerMethod.Kind.EVENT || kind == HandlerMethod.Kind.SERVER_SIDE_EVENT) {
                String unbindable = unbindable(type);
                if (unbindable != null) {
                    problems.add(where + ": nothing can resolve it (" + unbindable + ")");
                    resolvers[i] = context -> null;
                } else {
                    resolvers[i] = payloadArgument(payloadIndex++, parameters[i].getParameterizedType());
                }
            } else if (kind == HandlerMethod.Kind.ANY_EVENT && type == String.class) {
                if (seen.contains(type)) problems.add(where + ": a String parameter (the event name) appears twice");
                seen.add(type);
                resolvers[i] = HandlerContext::event;
            } else if (kind == HandlerMethod.Kind.ANY_EVENT) {
                problems.add(where + ": nothing can resolve it (an @OnAnyEvent handler takes String (the event name), "
                        + "Payload, Socket, Namespace, Handshake, JsonWebToken, Ack)");
                resolvers[i] = context -> null;
            } else {
                problems.add(where + ": nothing can resolve it (a " + kind.name().toLowerCase()
                        + " handler takes Socket, Namespace, JsonWebToken" + (kind == HandlerMethod.Kind.CONNECT ? ", Handshake" : ", String reason") + ")");
                resolvers[i] = context -> null;
            }
        }
        if (method.isVarArgs()) {
            problems.add(method.getDeclaringClass().getName() + "." + method.getName() + ": varargs are not bound; take a Payload instead");
        }
        method.setAccessible(true);
        return new HandlerMethod(kind, event, method, resolvers);
    }

    private static ParameterResolver special(HandlerMethod.Kind kind, Class<?> type) {
        if (kind == HandlerMethod.Kind.SERVER_SIDE_EVENT) {
            // from another node: no socket, no token, no handshake
            if (type == Namespace.class) return HandlerContext::currentNamespace;
            if (type == Ack.class) return HandlerContext::ack;
            if (type == Payload.class) return HandlerContext::payload;
            return null;
        }
        if (type == Socket.class) return HandlerContext::socket;
        if (type == Namespace.class) return HandlerContext::currentNamespace;
        if (type == JsonWebToken.class) return context -> Principals.of(context.socket());
        if (kind == HandlerMethod.Kind.CONNECT && type == Handshake.class) return context -> context.socket().handshake();
        boolean event = kind == HandlerMethod.Kind.EVENT || kind == HandlerMethod.Kind.ANY_EVENT;
        if (event && type == Handshake.class) return context -> context.socket().handshake();
        if (event && type == Ack.class) return HandlerContext::ack;
        if (event && type == Payload.class) return HandlerContext::payload;
        if (kind == HandlerMethod.Kind.DISCONNECT && type == String.class) return HandlerContext::reason;
        return null;
    }

    /** Why JSON-B could not produce this type from a payload, or null when it can. */
    private static String unbindable(Class<?> type) {
        if (type.isPrimitive() || type.isArray() || type.isEnum() || type.isRecord()) return null;
        if (JsonValue.class.isAssignableFrom(type)) return null;
        if (type == Object.class || type == String.class || Number.class.isAssignableFrom(type) || type == Boolean.class) return null;
        if (type == Map.class || type == List.class || type == Collection.class || type == Set.class) return null;
        if (type == java.nio.ByteBuffer.class) return null;
        if (type.isInterface()) return "an interface that is neither a known Socket.IO type nor a JSON type";
        if (Modifier.isAbstract(type.getModifiers())) return "an abstract class";
        if (type.getName().startsWith("jakarta.") || type.getName().startsWith("java.lang.Thread")) {
            return "a container type, not a payload";
        }
        return null;
    }

    private static ParameterResolver payloadArgument(int index, Type type) {
        boolean primitive = type instanceof Class<?> c && c.isPrimitive();
        return context -> {
            Payload payload = context.payload();
            if (index >= payload.size()) {
                if (primitive) throw new PayloadBindingException("argument " + (index + 1) + " is missing");
                return null;
            }
            try {
                return payload.get(index, type);
            } catch (IllegalArgumentException e) {
                throw new PayloadBindingException("argument " + (index + 1) + ": " + e.getMessage());
            }
        };
    }
}
