package dev.sio.engineio.server;

import dev.sio.engineio.protocol.EnginePacket;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OutboundQueueTest {

    @Test
    void packets_leave_in_the_order_they_were_offered() {
        OutboundQueue queue = new OutboundQueue(8);
        EnginePacket a = EnginePacket.message("a");
        EnginePacket b = EnginePacket.message("b");
        queue.offer(a);
        queue.offerAll(List.of(b));

        assertSame(a, queue.poll());
        assertSame(b, queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void offer_refuses_a_packet_beyond_the_capacity() {
        OutboundQueue queue = new OutboundQueue(2);

        assertTrue(queue.offer(EnginePacket.message("1")));
        assertTrue(queue.offer(EnginePacket.message("2")));
        assertFalse(queue.offer(EnginePacket.message("3")));

        assertEquals(2, queue.size());
    }

    @Test
    void offer_all_takes_every_packet_of_a_batch_or_none_of_them() {
        OutboundQueue queue = new OutboundQueue(4);
        queue.offer(EnginePacket.message("a"));
        queue.offer(EnginePacket.message("b"));

        assertFalse(queue.offerAll(List.of(EnginePacket.message("h"), EnginePacket.binary(new byte[1]),
                EnginePacket.binary(new byte[2]))));
        assertEquals(2, queue.size());

        assertTrue(queue.offerAll(List.of(EnginePacket.message("h"), EnginePacket.binary(new byte[1]))));
        assertEquals(4, queue.size());
    }

    @Test
    void drain_takes_packets_while_their_size_fits_the_limit() {
        OutboundQueue queue = new OutboundQueue(8);
        // "4abc" is 4 characters, plus one for the separator: 5 each
        for (int i = 0; i < 3; i++) queue.offer(EnginePacket.message("abc"));

        List<EnginePacket> first = queue.drain(10);

        assertEquals(2, first.size());
        assertEquals(1, queue.size());
        assertEquals(1, queue.drain(10).size());
        assertTrue(queue.isEmpty());
        assertTrue(queue.drain(10).isEmpty());
    }

    @Test
    void drain_always_takes_at_least_one_packet_even_when_it_is_larger_than_the_limit() {
        OutboundQueue queue = new OutboundQueue(8);
        queue.offer(EnginePacket.message("x".repeat(100)));
        queue.offer(EnginePacket.message("y"));

        List<EnginePacket> out = queue.drain(10);

        assertEquals(1, out.size());
        assertEquals(100, out.get(0).data().length());
    }

    @Test
    void drain_counts_a_binary_packet_at_its_base64_size() {
        OutboundQueue queue = new OutboundQueue(8);
        // 3 bytes are "b" + 4 base64 characters: 5, plus the separator: 6
        queue.offer(EnginePacket.binary(new byte[3]));
        queue.offer(EnginePacket.binary(new byte[3]));
        queue.offer(EnginePacket.binary(new byte[3]));

        assertEquals(2, queue.drain(12).size());
        assertEquals(1, queue.drain(11).size());
    }

    @Test
    void clear_empties_the_queue() {
        OutboundQueue queue = new OutboundQueue(2);
        queue.offer(EnginePacket.message("a"));

        queue.clear();

        assertTrue(queue.isEmpty());
        assertTrue(queue.offer(EnginePacket.message("b")));
        assertTrue(queue.offer(EnginePacket.message("c")));
    }

    @Test
    void the_byte_count_follows_offers_polls_drains_and_clear() {
        OutboundQueue queue = new OutboundQueue(16, 100);
        queue.offer(EnginePacket.message("abc"));            // 4
        queue.offerAll(List.of(EnginePacket.message("h"),      // 2
                EnginePacket.binary(new byte[10])));           // 11
        assertEquals(17, queue.bytes());

        queue.poll();
        assertEquals(13, queue.bytes());
        queue.drain(1_000);
        assertEquals(0, queue.bytes());

        queue.offer(EnginePacket.message("x".repeat(50)));
        queue.clear();
        assertEquals(0, queue.bytes());
    }

    @Test
    void offer_refuses_a_packet_beyond_the_byte_bound_even_with_room_for_packets() {
        OutboundQueue queue = new OutboundQueue(16, 10);

        assertTrue(queue.offer(EnginePacket.message("x".repeat(9))));
        assertFalse(queue.offer(EnginePacket.message("y")));
        assertFalse(queue.offerAll(List.of(EnginePacket.message("y"))));
        assertEquals(1, queue.size());
    }
}
