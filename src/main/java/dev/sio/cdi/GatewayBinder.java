package dev.sio.cdi;

import dev.sio.log.LogSafe;
import dev.sio.socketio.protocol.JsonFactories;
import dev.sio.socketio.server.Ack;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.Socket;
import jakarta.json.JsonObject;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionStage;

/** Binds a gateway instance's handler methods (and its guards) to its namespace. */
final class GatewayBinder {

    private static final Logger LOG = System.getLogger(GatewayBinder.class.getName());

    /** The event a refused event is answered with when the client asked for no acknowledgement. */
    static final String ERROR_EVENT = "error";

    /**
     * What a gateway that uses authentication needs: the namespace guard's token extraction and
     * verification, and the expiry timer.
     */
    record Security(AuthSetup auth, TokenExpiry expiry) {
    }

    private GatewayBinder() {
    }

    /** Binds a gateway that does not use authentication. */
    static void bind(GatewayModel model, Object instance, Namespace namespace) {
        bind(model, instance, namespace, null);
    }

    /**
     * @param security required when the gateway uses authentication ({@link GatewayModel#usesAuth()})
     * @throws IllegalStateException when the gateway uses authentication and {@code security} is null
     */
    static void bind(GatewayModel model, Object instance, Namespace namespace, Security security) {
        bind(model, instance, namespace, security, AcceptedEvents.NONE);
    }

    /**
     * @param accepted told of each event an {@code @OnEvent} handler accepted (not the catch-all's)
     */
    static void bind(GatewayModel model, Object instance, Namespace namespace, Security security, AcceptedEvents accepted) {
        if (model.usesAuth()) {
            if (security == null || security.auth().verifier() == null) {
                throw new IllegalStateException(model.describe() + " uses authentication but no token verifier is set up");
            }
            // first the guard, then the expiry timer, then the gateway's own listeners
            namespace.use(new AuthMiddleware(model.connectRule(), security.auth().extractor(), security.auth().verifier()));
            namespace.onConnection(security.expiry()::watch);
        }
        for (HandlerMethod handler : model.events().values()) {
            AccessRule rule = handler.rule();
            namespace.on(handler.event(), (socket, payload, ack) -> {
                if (rule != null) {
                    String refusal = rule.refusal(Principals.of(socket));
                    if (refusal != null) {
                        refuse(socket, handler.event(), ack, refusal, rule);
                        return;
                    }
                }
                Object[] args;
                try {
                    args = handler.arguments(new HandlerContext(socket, payload, ack, null));
                } catch (PayloadBindingException e) {
                    LOG.log(Level.INFO, "Socket {0}: event ''{1}'' refused: {2}", socket.id(), LogSafe.text(handler.event()),
                            LogSafe.text(e.getMessage()));
                    if (ack != null) ack.send(JsonFactories.PROVIDER.createObjectBuilder().add("error", "invalid payload: " + e.getMessage()).build());
                    return;
                }
                Object result;
                try {
                    result = invoke(handler, instance, args);
                } catch (AccessDeniedException e) {
                    refuse(socket, handler.event(), ack, e.getMessage(), null);
                    return;
                }
                if (ack != null && handler.returnsValue()) acknowledge(ack, result);
                whenAccepted(result, () -> accepted.accepted(socket, handler.event(), payload));
            });
        }
        for (HandlerMethod handler : model.serverSideEvents().values()) {
            namespace.onServerSideEmit(handler.event(), (payload, ack) -> {
                Object result;
                try {
                    result = invoke(handler, instance, handler.arguments(new HandlerContext(null, payload, ack, null, handler.event(), namespace)));
                } catch (PayloadBindingException e) {
                    LOG.log(Level.INFO, "Server-side event ''{0}'' on {1} refused: {2}", LogSafe.text(handler.event()),
                            LogSafe.text(namespace.name()), LogSafe.text(e.getMessage()));
                    return;
                }
                if (ack != null && handler.returnsValue()) acknowledge(ack, result);
            });
        }
        HandlerMethod any = model.onAnyEvent();
        if (any != null) {
            namespace.onAny((socket, event, payload, ack) -> {
                Object result;
                try {
                    result = invoke(any, instance, any.arguments(new HandlerContext(socket, payload, ack, null, event)));
                } catch (AccessDeniedException e) {
                    refuse(socket, event, ack, e.getMessage(), null);
                    return;
                }
                if (ack != null && any.returnsValue()) acknowledge(ack, result);
            });
        }
        if (model.onConnect() != null || model.onDisconnect() != null) {
            namespace.onConnection(socket -> {
                if (model.onDisconnect() != null) {
                    socket.onDisconnect(reason -> call(model.onDisconnect(), instance, new HandlerContext(socket, null, null, reason)));
                }
                if (model.onConnect() != null) call(model.onConnect(), instance, new HandlerContext(socket, null, null, null));
            });
        }
    }

    /**
     * A guard refused an event: {@code {"ok":false,"error":...}} to the acknowledgement, or an
     * {@value #ERROR_EVENT} event {@code {"event":...,"error":...}}; the connection stays.
     */
    private static void refuse(Socket socket, String event, Ack ack, String refusal, AccessRule rule) {
        var principal = Principals.of(socket);
        LOG.log(Level.INFO, "Socket {0} ({1}): event ''{2}'' refused: {3}{4}", socket.id(),
                principal == null ? "anonymous" : LogSafe.text(principal.getName()), LogSafe.text(event), LogSafe.text(refusal),
                rule == null ? "" : " (needs " + rule + ")");
        if (ack != null) {
            ack.send(JsonFactories.PROVIDER.createObjectBuilder().add("ok", false).add("error", refusal).build());
        } else {
            JsonObject notice = JsonFactories.PROVIDER.createObjectBuilder().add("event", event).add("error", refusal).build();
            socket.emit(ERROR_EVENT, notice);
        }
    }

    /**
     * Runs {@code then} when the handler's result does not refuse the event: a {@code {"ok": false}}
     * answer is the gateways' way of refusing bad input, and a failed stage is no acceptance either.
     */
    private static void whenAccepted(Object result, Runnable then) {
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, error) -> {
                if (error == null && !refuses(value)) then.run();
            });
        } else if (!refuses(result)) {
            then.run();
        }
    }

    static boolean refuses(Object result) {
        return result instanceof JsonObject answer && answer.get("ok") != null
                && answer.get("ok").getValueType() == jakarta.json.JsonValue.ValueType.FALSE;
    }

    private static void acknowledge(Ack ack, Object result) {
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, error) -> {
                if (error != null) ack.send(JsonFactories.PROVIDER.createObjectBuilder().add("error", "internal server error").build());
                else ack.send(value);
            });
        } else {
            ack.send(result);
        }
    }

    private static void call(HandlerMethod handler, Object instance, HandlerContext context) {
        try {
            invoke(handler, instance, handler.arguments(context));
        } catch (Exception e) {
            Socket socket = context.socket();
            LOG.log(Level.WARNING, "Gateway method " + handler.describe() + " failed for socket " + socket.id(),
                    LogSafe.throwable(e));
        }
    }

    private static Object invoke(HandlerMethod handler, Object instance, Object[] args) throws Exception {
        try {
            return handler.method().invoke(instance, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) throw ex;
            if (cause instanceof Error err) throw err;
            throw e;
        }
    }
}
