package dev.sio.integration;

import jakarta.json.JsonValue;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OutboundBufferTest {

    private static OutboundEvent event(int n) {
        return new OutboundEvent("/chat", "e" + n, JsonValue.EMPTY_JSON_ARRAY, "s", null, null, n);
    }

    @Test
    void events_come_out_in_the_order_they_went_in() throws Exception {
        OutboundBuffer buffer = new OutboundBuffer(10);
        for (int i = 0; i < 5; i++) assertTrue(buffer.offer(event(i)));

        assertEquals("e0", buffer.poll(0).event());
        List<OutboundEvent> rest = new ArrayList<>();
        assertEquals(3, buffer.drainTo(rest, 3));
        assertEquals(List.of("e1", "e2", "e3"), rest.stream().map(OutboundEvent::event).toList());
        assertEquals(1, buffer.size());
    }

    @Test
    void a_full_buffer_drops_and_counts_without_blocking() {
        OutboundBuffer buffer = new OutboundBuffer(2);
        assertTrue(buffer.offer(event(1)));
        assertTrue(buffer.offer(event(2)));

        assertFalse(buffer.offer(event(3)));
        assertFalse(buffer.offer(event(4)));

        assertEquals(2, buffer.size());
        assertEquals(2, buffer.dropped());
    }

    @Test
    void an_outage_is_counted_once_however_many_events_it_drops_and_a_confirmed_publish_ends_it() throws Exception {
        OutboundBuffer buffer = new OutboundBuffer(1);
        buffer.offer(event(1));
        for (int i = 0; i < 100; i++) buffer.offer(event(i));
        assertEquals(1, buffer.outages());
        assertEquals(100, buffer.dropped());

        buffer.poll(0);
        buffer.published();
        buffer.offer(event(2));
        assertEquals(1, buffer.outages(), "room again: no new outage while nothing is dropped");
        buffer.offer(event(3));
        assertEquals(2, buffer.outages(), "the next drop after a confirmed publish starts a new outage");
        assertEquals(101, buffer.dropped());
    }

    @Test
    void poll_returns_null_when_nothing_comes_in_time() throws Exception {
        OutboundBuffer buffer = new OutboundBuffer(1);
        assertNull(buffer.poll(10));
        OutboundEvent one = event(1);
        buffer.offer(one);
        assertSame(one, buffer.poll(10));
    }

    @Test
    void a_buffer_needs_room_for_one_event() {
        assertThrows(IllegalArgumentException.class, () -> new OutboundBuffer(0));
    }
}
