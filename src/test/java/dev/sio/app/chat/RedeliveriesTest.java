package dev.sio.app.chat;

import dev.sio.app.chat.store.ChatMessage;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

    /** Ids as the store makes them: their string order is their order (shown without the padding). */
    private static List<ChatMessage> inbox(String user, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new ChatMessage("m" + (100_000 + i + "").substring(1), user, "alice", "Alice", "text " + i, i)).toList();
    }

    private static List<String> ids(List<Redeliveries.Send> sends) {
        return sends.stream().map(s -> s.target().id() + ":" + s.message().id().replaceFirst("^m0*", "m")).toList();
    }

    @Test
    void an_inbox_longer_than_the_cap_goes_out_oldest_first_as_answers_come() {
        PrivateMessageSettings settings = new PrivateMessageSettings(2, 100);
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
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
        PrivateMessageSettings settings = new PrivateMessageSettings(3, 100);
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
        redeliveries.add("bob", new FakeSocket("s1"), inbox("bob", 4));
        redeliveries.add("bob", new FakeSocket("s2"), inbox("bob", 4));
        assertEquals(List.of("s1:m1", "s2:m1", "s1:m2"), ids(redeliveries.next("bob")));
    }

    @Test
    void what_a_socket_that_left_was_still_to_get_is_dropped_and_frees_no_slot_for_it() {
        PrivateMessageSettings settings = new PrivateMessageSettings(1, 100);
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
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
        PrivateMessageSettings settings = new PrivateMessageSettings(1, 100);
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
        redeliveries.add("bob", new FakeSocket("s1"), inbox("bob", 3));
        inFlight.land(redeliveries.next("bob").get(0).flight());
        redeliveries.add("bob", new FakeSocket("s1"), inbox("bob", 3).subList(1, 3));
        assertEquals(List.of("s1:m2"), ids(redeliveries.next("bob")));
    }

    @Test
    void when_the_node_total_frees_a_user_stopped_by_it_goes_on_though_the_freed_slot_was_another_users() {
        PrivateMessageSettings settings = new PrivateMessageSettings(10, 2);
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
        InFlight.Flight carols = inFlight.take("carol", "c1", List.of("c"));
        inFlight.take("carol", "c2", List.of("c"));
        redeliveries.add("bob", new FakeSocket("s1"), inbox("bob", 2));
        assertEquals(List.of(), redeliveries.next("bob"), "the node is full");

        inFlight.land(carols);
        assertEquals(List.of("s1:m1"), ids(redeliveries.next("carol")), "carol's answer lets bob go on");
        assertTrue(redeliveries.waiting("bob"));
    }

    private static PrivateMessageSettings bounds(int inFlightPerUser, int perUser, long bytesPerUser, int total, long bytesTotal) {
        return new PrivateMessageSettings(inFlightPerUser, 10_000, perUser, bytesPerUser, total, bytesTotal);
    }

    /** Lands every send (their answers came) and returns what goes out next. */
    private static List<Redeliveries.Send> answer(InFlight inFlight, Redeliveries redeliveries, String user, List<Redeliveries.Send> sends) {
        sends.forEach(s -> inFlight.land(s.flight()));
        return redeliveries.next(user);
    }

    @Test
    void the_sockets_of_a_user_share_one_copy_of_the_inbox_however_many_connect() {
        PrivateMessageSettings settings = bounds(1, 1000, 1L << 30, 100_000, 1L << 30);
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
        List<ChatMessage> read = inbox("bob", 1000);
        for (int i = 0; i < 200; i++) {
            assertNull(redeliveries.add("bob", new FakeSocket("s" + i), read));
        }
        assertEquals(1000, redeliveries.count("bob"), "one copy, not one per socket");
        assertEquals(1000, redeliveries.count());
        long oneCopy = read.stream().mapToLong(Redeliveries::bytes).sum();
        assertEquals(oneCopy, redeliveries.bytes());
        assertEquals(0, redeliveries.cuts());
    }

    @Test
    void what_every_waiting_socket_was_sent_is_let_go() {
        PrivateMessageSettings settings = bounds(1, 1000, 1L << 30, 100_000, 1L << 30);
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
        redeliveries.add("bob", new FakeSocket("s1"), inbox("bob", 4));
        List<Redeliveries.Send> sent = redeliveries.next("bob");
        assertEquals(List.of("s1:m1"), ids(sent));
        assertEquals(3, redeliveries.count(), "m1 went out");

        redeliveries.add("bob", new FakeSocket("s2"), inbox("bob", 4));
        assertEquals(4, redeliveries.count(), "s2 is to get m1 too");
        sent = answer(inFlight, redeliveries, "bob", sent);
        assertEquals(List.of("s1:m2"), ids(sent));
        sent = answer(inFlight, redeliveries, "bob", sent);
        assertEquals(List.of("s2:m1"), ids(sent), "turns");
        assertEquals(3, redeliveries.count(), "m1 passed by both");
        sent = answer(inFlight, redeliveries, "bob", sent);
        redeliveries.drop("bob", "s1");
        redeliveries.drop("bob", "s2");
        assertFalse(redeliveries.waiting("bob"));
        assertEquals(0, redeliveries.count());
        assertEquals(0, redeliveries.bytes());
        assertEquals(List.of(), redeliveries.takeRereads(), "nothing was cut");
    }

    @Test
    void a_waiting_socket_goes_on_after_what_it_was_sent_when_a_new_read_replaces_the_copy() {
        PrivateMessageSettings settings = bounds(1, 1000, 1L << 30, 100_000, 1L << 30);
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
        redeliveries.add("bob", new FakeSocket("s1"), inbox("bob", 4));
        List<Redeliveries.Send> sent = redeliveries.next("bob");
        sent = answer(inFlight, redeliveries, "bob", sent);
        assertEquals(List.of("s1:m2"), ids(sent));
        // m1 and m3 were acknowledged elsewhere; m5 came after s1's read
        List<ChatMessage> later = new java.util.ArrayList<>(inbox("bob", 5));
        later.remove(2);
        later.remove(0);
        redeliveries.add("bob", new FakeSocket("s2"), later);
        List<String> order = new java.util.ArrayList<>();
        while (!sent.isEmpty()) {
            sent = answer(inFlight, redeliveries, "bob", sent);
            order.addAll(ids(sent));
        }
        assertEquals(List.of("s1:m4", "s2:m2", "s2:m4", "s2:m5"), order,
                "s1 skips what was acknowledged and stops at the end of its own read; s2 gets its read");
    }

    @Test
    void a_read_longer_than_the_users_bound_is_held_in_part_and_the_user_is_named_for_a_new_read_once_it_went_out() {
        PrivateMessageSettings settings = bounds(10, 3, 1L << 30, 100_000, 1L << 30);
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
        Redeliveries.Cut cut = redeliveries.add("bob", new FakeSocket("s1"), inbox("bob", 5));
        assertEquals(new Redeliveries.Cut("bob", 3, 5, "redelivery-per-user"), cut);
        assertEquals(3, redeliveries.count("bob"));
        assertEquals(1, redeliveries.cuts());
        assertEquals(List.of("s1:m1", "s1:m2", "s1:m3"), ids(redeliveries.next("bob")));
        assertFalse(redeliveries.waiting("bob"));
        assertEquals(List.of("bob"), redeliveries.takeRereads(), "m4 and m5 wait in the inbox: read it again");
        assertEquals(List.of(), redeliveries.takeRereads());
    }

    @Test
    void a_read_is_held_only_as_far_as_the_users_bytes_allow() {
        List<ChatMessage> read = inbox("bob", 10);
        long two = Redeliveries.bytes(read.get(0)) + Redeliveries.bytes(read.get(1));
        PrivateMessageSettings settings = bounds(10, 1000, two, 100_000, 1L << 30);
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
        assertEquals(new Redeliveries.Cut("bob", 2, 10, "redelivery-bytes-per-user"), redeliveries.add("bob", new FakeSocket("s1"), read));
        assertEquals(two, redeliveries.bytes());
        redeliveries.drop("bob", "s1");
        assertEquals(0, redeliveries.bytes());
        assertEquals(List.of("bob"), redeliveries.takeRereads(), "what was cut goes out at a new read, not lost");
    }

    @Test
    void the_node_holds_at_most_its_total_in_messages_for_all_users() {
        PrivateMessageSettings settings = bounds(1, 1000, 1L << 30, 5, 1L << 30);
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
        assertNull(redeliveries.add("bob", new FakeSocket("s1"), inbox("bob", 4)));
        assertEquals(new Redeliveries.Cut("carol", 1, 4, "redelivery-total"), redeliveries.add("carol", new FakeSocket("c1"), inbox("carol", 4)));
        assertEquals(new Redeliveries.Cut("dave", 0, 4, "redelivery-total"), redeliveries.add("dave", new FakeSocket("d1"), inbox("dave", 4)));
        assertEquals(5, redeliveries.count());
        assertFalse(redeliveries.waiting("dave"), "nothing held for dave");
        assertEquals(List.of("dave"), redeliveries.takeRereads(), "dave's inbox is to be read again");

        // bob's first message goes out: room for one more
        redeliveries.next("bob");
        assertEquals(4, redeliveries.count());
    }

    @Test
    void the_node_holds_at_most_its_total_in_bytes_for_all_users() {
        List<ChatMessage> bobs = inbox("bob", 3);
        long bobsBytes = bobs.stream().mapToLong(Redeliveries::bytes).sum();
        PrivateMessageSettings settings = bounds(1, 1000, 1L << 30, 100_000, bobsBytes + Redeliveries.bytes(inbox("carol", 1).get(0)));
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
        assertNull(redeliveries.add("bob", new FakeSocket("s1"), bobs));
        assertEquals(new Redeliveries.Cut("carol", 1, 3, "redelivery-bytes-total"), redeliveries.add("carol", new FakeSocket("c1"), inbox("carol", 3)));
    }

    @Test
    void many_users_connecting_at_once_hold_no_more_than_the_node_total() {
        PrivateMessageSettings settings = bounds(100, 1000, 1L << 30, 10_000, 1L << 30);
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
        for (int u = 0; u < 100; u++) {
            List<ChatMessage> read = inbox("user" + u, 1000);
            for (int s = 0; s < 5; s++) redeliveries.add("user" + u, new FakeSocket("u" + u + "s" + s), read);
        }
        assertTrue(redeliveries.count() <= 10_000, "held: " + redeliveries.count());
        assertTrue(redeliveries.cuts() > 0);
    }

    @Test
    void a_read_that_finishes_late_keeps_what_a_newer_read_had_past_its_end() {
        PrivateMessageSettings settings = bounds(10, 1000, 1L << 30, 100_000, 1L << 30);
        InFlight inFlight = new InFlight(settings);
        Redeliveries redeliveries = new Redeliveries(inFlight, settings);
        assertNull(redeliveries.add("bob", new FakeSocket("s2"), inbox("bob", 3)));
        assertNull(redeliveries.add("bob", new FakeSocket("s1"), inbox("bob", 2)), "read before m3 came, finished after s2's");
        assertEquals(3, redeliveries.count("bob"));
        assertEquals(List.of("s2:m1", "s1:m1", "s2:m2", "s1:m2", "s2:m3"), ids(redeliveries.next("bob")));
    }
}
