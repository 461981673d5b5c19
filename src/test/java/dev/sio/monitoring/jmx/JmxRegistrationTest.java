package dev.sio.monitoring.jmx;

import dev.sio.engineio.protocol.EnginePacket;
import dev.sio.engineio.server.EngineConfig;
import dev.sio.engineio.server.EngineServer;
import dev.sio.engineio.server.EngineSession;
import dev.sio.engineio.server.FakeTransport;
import dev.sio.engineio.server.HandshakeInfo;
import dev.sio.engineio.server.ManualScheduler;
import dev.sio.socketio.server.PayloadMapper;
import dev.sio.socketio.server.SocketIoConfig;
import dev.sio.socketio.server.SocketIoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MBeans as a JMX console sees them: through a JMX connector (the protocol JConsole and
 * VisualVM use), reading attributes and invoking operations by name with open types only.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JmxRegistrationTest {

    private static final HandshakeInfo HANDSHAKE = new HandshakeInfo(Map.of(),
            Map.of("EIO", List.of("4"), "transport", List.of("websocket")), "127.0.0.1", "/socket.io/?EIO=4", true);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SocketIoServer io = new SocketIoServer(new SocketIoConfig(Duration.ofMillis(500), 10), scheduler,
            new PayloadMapper());
    private final EngineServer engine = new EngineServer(new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20),
            Duration.ofSeconds(10), 1_000_000, 64, true), scheduler, io);
    private final MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
    private JMXConnectorServer connectorServer;
    private JMXConnector connector;

    @AfterEach
    void close() throws Exception {
        if (connector != null) connector.close();
        if (connectorServer != null) connectorServer.stop();
    }

    /** A remote connection over JMX's RMI connector on loopback, as JConsole makes. */
    private MBeanServerConnection console() throws Exception {
        connectorServer = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, mbeans);
        connectorServer.start();
        connector = JMXConnectorFactory.connect(connectorServer.getAddress());
        return connector.getMBeanServerConnection();
    }

    private record Client(FakeTransport transport, EngineSession session) {
        void send(String socketIoPacket) {
            session.receive(EnginePacket.message(socketIoPacket));
        }

        String socketId(String nsp) {
            String answer = transport.texts().stream().filter(t -> t.startsWith("40" + nsp + ",")).findFirst().orElseThrow();
            return answer.replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
        }
    }

    private Client connect(String nsp) {
        FakeTransport transport = new FakeTransport("websocket");
        EngineSession session = engine.open(transport, HANDSHAKE, List.of());
        Client client = new Client(transport, session);
        client.send("0" + nsp + ",");
        return client;
    }

    @Test
    void the_server_and_each_namespace_show_their_counts_and_settings() throws Exception {
        io.of("/chat").onConnection(socket -> socket.join("lobby"));
        JmxRegistration.register(mbeans, "/app", io, engine);
        Client a = connect("/chat");
        connect("/chat");
        MBeanServerConnection console = console();

        ObjectName server = JmxRegistration.serverName("/app");
        assertEquals(2, console.getAttribute(server, "Connections"));
        assertEquals(2, console.getAttribute(server, "WebSocketConnections"));
        assertEquals(25_000L, console.getAttribute(server, "PingIntervalMillis"));
        assertArrayEquals(new String[] {"/", "/chat"}, (String[]) console.getAttribute(server, "Namespaces"));

        ObjectName chat = JmxRegistration.namespaceName("/app", "/chat");
        assertEquals(2, console.getAttribute(chat, "Sockets"));
        assertEquals(1, console.getAttribute(chat, "Rooms"), "lobby; the sockets' own rooms are not counted");
        assertArrayEquals(new String[] {"lobby"}, (String[]) console.getAttribute(chat, "RoomNames"));
        String[] members = (String[]) console.invoke(chat, "roomSockets", new Object[] {"lobby"},
                new String[] {String.class.getName()});
        assertEquals(2, members.length);
        assertTrue(List.of(members).contains(a.socketId("/chat")));
    }

    @Test
    void the_server_counts_protocol_errors_and_shows_its_queue_bound() throws Exception {
        JmxRegistration.register(mbeans, "/app", io, engine);
        ObjectName server = JmxRegistration.serverName("/app");
        assertEquals(0L, mbeans.getAttribute(server, "ProtocolErrors"));

        connect("/chat").send("9not a packet");
        connect("/chat").send("2/nowhere,[\"a\"]");

        assertEquals(2L, mbeans.getAttribute(server, "ProtocolErrors"));
        assertEquals(16L * 1024 * 1024, mbeans.getAttribute(server, "MaxQueuedBytes"));
    }

    @Test
    void a_namespace_created_later_gets_its_mbean_and_close_takes_all_off() throws Exception {
        JmxRegistration registration = JmxRegistration.register(mbeans, "/app", io, engine);
        ObjectName later = JmxRegistration.namespaceName("/app", "/later");
        assertFalse(mbeans.isRegistered(later));

        io.of("/later");
        assertTrue(mbeans.isRegistered(later));

        registration.close();
        assertTrue(mbeans.queryNames(new ObjectName(JmxRegistration.DOMAIN + ":*"), null).isEmpty());
        io.of("/after-close");
        assertTrue(mbeans.queryNames(new ObjectName(JmxRegistration.DOMAIN + ":*"), null).isEmpty());
    }

    @Test
    void operators_emit_to_a_room_and_disconnect_a_socket() throws Exception {
        io.of("/chat").onConnection(socket -> socket.join("lobby"));
        JmxRegistration.register(mbeans, "/app", io, engine);
        Client inLobby = connect("/chat");
        MBeanServerConnection console = console();
        ObjectName chat = JmxRegistration.namespaceName("/app", "/chat");
        String[] signature = {String.class.getName(), String.class.getName(), String.class.getName()};

        Object selected = console.invoke(chat, "emitToRoom", new Object[] {"lobby", "notice", "[\"maintenance at 18:00\",1]"},
                signature);
        assertEquals(1, selected);
        assertEquals("42/chat,[\"notice\",\"maintenance at 18:00\",1]", lastText(inLobby));

        Object refused = assertThrowsRemote(() -> console.invoke(chat, "emitToRoom",
                new Object[] {"lobby", "disconnect", "[]"}, signature));
        assertTrue(String.valueOf(refused).contains("not an event one may emit"), String.valueOf(refused));
        Object notJson = assertThrowsRemote(() -> console.invoke(chat, "emitToRoom",
                new Object[] {"lobby", "notice", "{oops"}, signature));
        assertTrue(String.valueOf(notJson).contains("JSON array"), String.valueOf(notJson));

        String id = inLobby.socketId("/chat");
        Object done = console.invoke(chat, "disconnectSocket", new Object[] {id, false},
                new String[] {String.class.getName(), boolean.class.getName()});
        assertEquals(true, done);
        assertEquals("41/chat,", lastText(inLobby));
        assertEquals(0, console.getAttribute(chat, "Sockets"));
        assertEquals(false, console.invoke(chat, "disconnectSocket", new Object[] {id, false},
                new String[] {String.class.getName(), boolean.class.getName()}));
    }

    @Test
    void disconnect_session_closes_the_whole_connection() throws Exception {
        JmxRegistration.register(mbeans, "/app", io, engine);
        Client client = connect("/chat");
        ObjectName server = JmxRegistration.serverName("/app");

        assertEquals(true, mbeans.invoke(server, "disconnectSession", new Object[] {client.session().id()},
                new String[] {String.class.getName()}));
        assertFalse(client.session().isOpen());
        assertEquals(0, mbeans.getAttribute(server, "Connections"));
    }

    private static String lastText(Client client) {
        List<String> texts = client.transport().texts();
        return texts.get(texts.size() - 1);
    }

    private interface Call {
        Object call() throws Exception;
    }

    /** The message of what a remote call threw (JMX wraps it). */
    private static String assertThrowsRemote(Call call) {
        try {
            call.call();
        } catch (Exception e) {
            Throwable t = e;
            StringBuilder messages = new StringBuilder();
            while (t != null) {
                messages.append(t.getMessage()).append(" | ");
                t = t.getCause();
            }
            return messages.toString();
        }
        throw new AssertionError("the call was expected to fail");
    }
}
