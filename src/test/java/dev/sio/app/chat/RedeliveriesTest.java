package dev.sio.app.chat;

import dev.sio.app.chat.store.ChatMessage;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RedeliveriesTest {

    /** A socket as the queue sees it; a test disconnects it by hand. */
    private static final class FakeSocket implements Redeliveries.Target {
        private final String id;
        boolean connected = true;

        FakeSocket(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean connected() {
            return connected;
        }
    }

    private static List<ChatMessage> inbox(String user, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new ChatMessage("m" + i, user, "alice", "Alice", "text " + i, i)).toList();
    }

    private static List<String> ids(List<Redeliveries.Send> sends) {
        return sends.stream().map(s -> s.target().id() + ":" + s.message().id()).toList();
    }

    @Test
    void an_inbox_longer_than_the_cap_goes_out_oldest_first_as_answers_come() {
        InFlight inFlight = new InFlight(new PrivateMessageSettings(2, 100));
        Redeliveries redeliveries = new Redeliveries(inFlight);
        FakeSocket socket = new FakeSocket("s1");
        redeliveries.add("bob", socket, inbox("bob", 5));

        List<Redeliveries.Send> first = redeliveries.next("bob");
        assertEquals(List.of("s1:m1", "s1:m2"), ids(first));
        assertEquals(List.of(), redeliveries.next("bob"), "no slot until an answer");

        inFlight.land(first.get(0).flight());
        List<Redeliveries.Send> second = redeliveries.next("bob");
        assertEquals(List.of("s1:m3"), ids(second));
        inFlight.land(first.get(1).flight());
        inFlight.land(second.get(0).flight());
        List<Redeliveries.Send> third = redeliveries.next("bob");
        assertEquals(List.of("s1:m4", "s1:m5"), ids(third));
        assertFalse(redeliveries.waiting("bob"), "all of it sent: nothing is kept");
    }

    @Test
    void the_sockets_of_a_user_take_turns() {
        InFlight inFlight = new InFlight(new PrivateMessageSettings(3, 100));
        Redeliveries redeliveries = new Redeliveries(inFlight);
        redeliveries.add("bob", new FakeSocket("s1"), inbox("bob", 4));
        redeliveries.add("bob", new FakeSocket("s2"), inbox("bob", 4));
        assertEquals(List.of("s1:m1", "s2:m1", "s1:m2"), ids(redeliveries.next("bob")));
    }

    @Test
    void what_a_socket_that_left_was_still_to_get_is_dropped_and_frees_no_slot_for_it() {
        InFlight inFlight = new InFlight(new PrivateMessageSettings(1, 100));
        Redeliveries redeliveries = new Redeliveries(inFlight);
        FakeSocket gone = new FakeSocket("s1");
        redeliveries.add("bob", gone, inbox("bob", 3));
        Redeliveries.Send sent = redeliveries.next("bob").get(0);
        gone.connected = false;
        inFlight.land(sent.flight());
        assertEquals(List.of(), redeliveries.next("bob"));
        assertFalse(redeliveries.waiting("bob"));
        assertEquals(0, inFlight.count());

        FakeSocket dropped = new FakeSocket("s2");
        redeliveries.add("bob", dropped, inbox("bob", 3));
        redeliveries.drop("bob", "s2");
        assertFalse(redeliveries.waiting("bob"));
    }

    @Test
    void a_recovered_socket_gets_the_inbox_read_at_its_recovery_instead_of_the_old_rest() {
        InFlight inFlight = new InFlight(new PrivateMessageSettings(1, 100));
        Redeliveries redeliveries = new Redeliveries(inFlight);
        redeliveries.add("bob", new FakeSocket("s1"), inbox("bob", 3));
        inFlight.land(redeliveries.next("bob").get(0).flight());
        redeliveries.add("bob", new FakeSocket("s1"), inbox("bob", 3).subList(1, 3));
        assertEquals(List.of("s1:m2"), ids(redeliveries.next("bob")));
    }

    @Test
    void when_the_node_total_frees_a_user_stopped_by_it_goes_on_though_the_freed_slot_was_another_users() {
        InFlight inFlight = new InFlight(new PrivateMessageSettings(10, 2));
        Redeliveries redeliveries = new Redeliveries(inFlight);
        InFlight.Flight carols = inFlight.take("carol", "c1", List.of("c"));
        inFlight.take("carol", "c2", List.of("c"));
        redeliveries.add("bob", new FakeSocket("s1"), inbox("bob", 2));
        assertEquals(List.of(), redeliveries.next("bob"), "the node is full");

        inFlight.land(carols);
        assertEquals(List.of("s1:m1"), ids(redeliveries.next("carol")), "carol's answer lets bob go on");
        assertTrue(redeliveries.waiting("bob"));
    }
}
