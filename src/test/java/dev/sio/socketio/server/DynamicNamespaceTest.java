package dev.sio.socketio.server;

import dev.sio.socketio.server.SioHarness.TestClient;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dynamic namespaces: children made on first CONNECT, set up by their parent, rooms of their own. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DynamicNamespaceTest {

    private final SioHarness harness = new SioHarness();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private ParentNamespace tenants() {
        return harness.io.ofPattern("^/tenant-[a-z0-9]+$").onChild(child -> {
            child.on("join", (socket, args, ack) -> socket.join(args.get(0, String.class)));
            child.on("say", (socket, args, ack) -> child.to(args.get(0, String.class)).emit("said", child.name()));
            child.onConnection(socket -> seen.add(child.name() + " " + socket.id()));
        });
    }

    @Test
    void a_matching_namespace_is_created_on_its_first_connect_with_the_parents_handlers() {
        ParentNamespace parent = tenants();
        assertNull(harness.io.namespace("/tenant-a"));

        TestClient client = harness.open();
        String sid = client.connect("/tenant-a");

        Namespace child = harness.io.namespace("/tenant-a");
        assertEquals(List.of(child), parent.children());
        assertEquals(List.of("/tenant-a " + sid), seen);
        assertSame(child, harness.io.of("/tenant-a"), "one namespace per name");
    }

    @Test
    void each_child_has_its_own_rooms() {
        tenants();
        TestClient a = harness.open();
        a.connect("/tenant-a");
        TestClient b = harness.open();
        b.connect("/tenant-b");
        a.send("2/tenant-a,[\"join\",\"room\"]");
        b.send("2/tenant-b,[\"join\",\"room\"]");
        a.clear();
        b.clear();

        a.send("2/tenant-a,[\"say\",\"room\"]");

        assertEquals(List.of("42/tenant-a,[\"said\",\"/tenant-a\"]"), a.texts());
        assertEquals(List.of(), b.texts(), "the same room name in another child is another room");
        assertNotSame(harness.io.namespace("/tenant-a").adapter(), harness.io.namespace("/tenant-b").adapter());
    }

    @Test
    void a_broadcast_on_the_parent_reaches_every_child() {
        ParentNamespace parent = tenants();
        TestClient a = harness.open();
        a.connect("/tenant-a");
        TestClient b = harness.open();
        b.connect("/tenant-b");
        TestClient main = harness.connect("/");
        a.clear();
        b.clear();
        main.clear();

        parent.emit("notice", 1);

        assertEquals(List.of("42/tenant-a,[\"notice\",1]"), a.texts());
        assertEquals(List.of("42/tenant-b,[\"notice\",1]"), b.texts());
        assertEquals(List.of(), main.texts());
    }

    @Test
    void a_name_no_parent_matches_is_still_an_invalid_namespace() {
        tenants();
        TestClient client = harness.open();

        client.send("0/tenant-UPPER,");
        client.send("0/other,");

        assertEquals(List.of("44/tenant-UPPER,{\"message\":\"Invalid namespace\"}", "44/other,{\"message\":\"Invalid namespace\"}"),
                client.texts());
        assertNull(harness.io.namespace("/other"));
        assertTrue(client.isOpen());
    }

    @Test
    void clients_cannot_make_more_children_than_the_maximum_but_existing_ones_still_serve() {
        ParentNamespace parent = tenants().maxChildren(2);
        harness.open().connect("/tenant-a");
        harness.open().connect("/tenant-b");
        TestClient client = harness.open();

        client.send("0/tenant-c,");

        assertEquals(List.of("44/tenant-c,{\"message\":\"Invalid namespace\"}"), client.texts());
        assertEquals(2, parent.children().size());
        client.clear();
        client.connect("/tenant-a");
    }

    @Test
    void a_child_made_by_the_server_first_is_set_up_too_so_no_socket_joins_it_unguarded() {
        harness.io.ofPattern("^/secure-.*").onChild(child -> child.use(socket -> {
            throw new ConnectRefusedException("not allowed");
        }));
        harness.io.of("/secure-x").emit("early"); // an application emits before any client came

        TestClient client = harness.open();
        client.send("0/secure-x,");

        assertEquals(List.of("44/secure-x,{\"message\":\"not allowed\"}"), client.texts());
    }

    @Test
    void a_predicate_serves_names_a_regular_expression_cannot_say() {
        harness.io.ofMatching("even length", name -> name.length() % 2 == 0)
                .onChild(child -> child.onConnection(socket -> seen.add(child.name())));

        harness.open().connect("/ab1");
        TestClient odd = harness.open();
        odd.send("0/abc1,");

        assertEquals(List.of("/ab1"), seen);
        assertEquals(List.of("44/abc1,{\"message\":\"Invalid namespace\"}"), odd.texts());
    }

    @Test
    void a_set_up_added_later_applies_to_the_children_already_made() {
        ParentNamespace parent = harness.io.ofPattern("^/late-.*");
        harness.open().connect("/late-1");

        parent.onChild(child -> child.on("ping", (socket, args, ack) -> ack.send("pong " + child.name())));
        TestClient client = harness.open();
        client.connect("/late-1");
        client.clear();
        client.send("2/late-1,5[\"ping\"]");

        assertEquals(List.of("43/late-1,5[\"pong /late-1\"]"), client.texts());
    }
}
