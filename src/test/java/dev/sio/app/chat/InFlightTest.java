package dev.sio.app.chat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class InFlightTest {

    private static InFlight caps(int perUser, int total) {
        return new InFlight(new PrivateMessageSettings(perUser, total));
    }

    @Test
    void a_user_gets_no_more_than_its_cap_until_one_lands() {
        InFlight inFlight = caps(2, 100);
        InFlight.Flight first = inFlight.take("bob", "m1", List.of("s1"));
        assertNotNull(first);
        assertNotNull(inFlight.take("bob", "m2", List.of("s1")));
        assertNull(inFlight.take("bob", "m3", List.of("s1")), "a third send to bob waits");
        assertFalse(inFlight.hasRoom("bob"));
        assertNotNull(inFlight.take("carol", "m4", List.of("s2")), "another user is not held back by bob");

        assertTrue(inFlight.land(first));
        assertTrue(inFlight.hasRoom("bob"));
        assertNotNull(inFlight.take("bob", "m3", List.of("s1")));
        assertEquals(2, inFlight.count("bob"));
        assertEquals(3, inFlight.count());
    }

    @Test
    void the_node_total_holds_back_every_user() {
        InFlight inFlight = caps(10, 2);
        InFlight.Flight first = inFlight.take("bob", "m1", List.of("s1"));
        inFlight.take("carol", "m2", List.of("s2"));
        assertTrue(inFlight.full());
        assertNull(inFlight.take("dave", "m3", List.of("s3")));
        assertFalse(inFlight.hasRoom("dave"));
        inFlight.land(first);
        assertFalse(inFlight.full());
        assertNotNull(inFlight.take("dave", "m3", List.of("s3")));
    }

    @Test
    void a_flight_lands_once_though_the_answer_the_timeout_and_the_socket_leaving_all_report_it() {
        InFlight inFlight = caps(1, 1);
        InFlight.Flight flight = inFlight.take("bob", "m1", List.of("s1"));
        assertEquals(1, inFlight.socketLeft("bob", "s1"));
        assertFalse(inFlight.land(flight), "the send's failure comes after the socket left");
        assertEquals(0, inFlight.count());
        assertNotNull(inFlight.take("bob", "m2", List.of("s1")), "one slot, free again: counted down once only");
        assertNull(inFlight.take("bob", "m3", List.of("s1")));
    }

    @Test
    void a_send_to_several_sockets_lands_when_the_last_of_them_leaves() {
        InFlight inFlight = caps(5, 5);
        inFlight.take("bob", "m1", List.of("s1", "s2"));
        inFlight.take("bob", "m2", List.of("s2"));
        assertEquals(1, inFlight.socketLeft("bob", "s2"), "m2 went to s2 alone");
        assertTrue(inFlight.inFlight("bob", "m1"), "s1 may still answer m1");
        assertFalse(inFlight.inFlight("bob", "m2"));
        assertEquals(0, inFlight.socketLeft("carol", "s1"), "another user's socket of the same id frees nothing of bob's");
        assertEquals(1, inFlight.socketLeft("bob", "s1"));
        assertEquals(0, inFlight.count());
    }

    @Test
    void half_free_means_at_most_half_the_users_slots_taken() {
        InFlight inFlight = caps(4, 100);
        InFlight.Flight first = inFlight.take("bob", "m1", List.of("s1"));
        inFlight.take("bob", "m2", List.of("s1"));
        assertTrue(inFlight.halfFree("bob"));
        InFlight.Flight third = inFlight.take("bob", "m3", List.of("s1"));
        assertFalse(inFlight.halfFree("bob"));
        assertTrue(inFlight.hasRoom("bob"), "room for one more, but not half free");
        inFlight.land(third);
        assertTrue(inFlight.halfFree("bob"));
        inFlight.land(first);
        assertTrue(inFlight.halfFree("nobody"));
    }

    @Test
    void two_sends_of_one_message_are_two_flights() {
        InFlight inFlight = caps(5, 5);
        InFlight.Flight live = inFlight.take("bob", "m1", List.of("s1"));
        InFlight.Flight again = inFlight.take("bob", "m1", List.of("s2"));
        inFlight.land(live);
        assertTrue(inFlight.inFlight("bob", "m1"), "the second send still waits");
        inFlight.land(again);
        assertFalse(inFlight.inFlight("bob", "m1"));
    }
}
