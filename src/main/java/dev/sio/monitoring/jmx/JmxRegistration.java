package dev.sio.monitoring.jmx;

import dev.sio.engineio.server.EngineServer;
import dev.sio.socketio.server.Namespace;
import dev.sio.socketio.server.SocketIoServer;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts a server's MBeans on an MBean server (the platform one: what JConsole, VisualVM and Payara
 * Server's JMX monitoring see) and takes them off at undeployment. Names carry the application's
 * context path, so two applications on one server do not collide:
 * {@code dev.sio:type=Server,app=chat-app} and {@code dev.sio:type=Namespace,app=chat-app,name=/chat}
 * (a value with other characters than letters, digits, {@code _ . / -} is quoted).
 */
public final class JmxRegistration implements AutoCloseable {

    public static final String DOMAIN = "dev.sio";
    private static final Logger LOG = System.getLogger(JmxRegistration.class.getName());

    private final MBeanServer mbeans;
    private final String app;
    private final Set<ObjectName> registered = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private JmxRegistration(MBeanServer mbeans, String app) {
        this.mbeans = mbeans;
        this.app = app.isEmpty() ? "/" : app;
    }

    /** Registers the server and every namespace, now and as they are created. */
    public static JmxRegistration register(MBeanServer mbeans, String app, SocketIoServer server, EngineServer engine) {
        JmxRegistration registration = new JmxRegistration(mbeans, app);
        registration.add(serverName(registration.app), new ServerView(server, engine));
        server.onNamespaceCreated(registration::add);
        for (Namespace namespace : server.namespaces()) registration.add(namespace);
        return registration;
    }

    public static ObjectName serverName(String app) {
        return name("type=Server,app=" + value(app));
    }

    public static ObjectName namespaceName(String app, String namespace) {
        return name("type=Namespace,app=" + value(app) + ",name=" + value(namespace));
    }

    private void add(Namespace namespace) {
        add(namespaceName(app, namespace.name()), new NamespaceView(namespace));
    }

    private synchronized void add(ObjectName name, Object view) {
        if (closed) return;
        try {
            mbeans.registerMBean(view, name);
            registered.add(name);
        } catch (InstanceAlreadyExistsException e) {
            // another deployment of the same context path still holds it (a redeploy racing the old undeploy)
            LOG.log(Level.WARNING, "JMX name {0} is taken; not registered", name);
        } catch (JMException e) {
            LOG.log(Level.WARNING, "Cannot register JMX name {0}: {1}", name, e.toString());
        }
    }

    /** Unregisters everything registered here. */
    @Override
    public synchronized void close() {
        closed = true;
        for (ObjectName name : registered) {
            try {
                mbeans.unregisterMBean(name);
            } catch (JMException e) {
                LOG.log(Level.DEBUG, "JMX name {0} was already gone", name);
            }
        }
        registered.clear();
    }

    /** Plain names stay plain (easy to type in asadmin and JConsole); others are quoted. */
    private static String value(String text) {
        return text.matches("[A-Za-z0-9_./-]+") ? text : ObjectName.quote(text);
    }

    private static ObjectName name(String properties) {
        try {
            return new ObjectName(DOMAIN + ":" + properties);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
