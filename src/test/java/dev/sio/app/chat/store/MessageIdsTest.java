package dev.sio.app.chat.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageIdsTest {

    @Test
    void idsSortAsStringsInTheOrderTheyWereMade() {
        AtomicLong clock = new AtomicLong(1_000);
        MessageIds ids = new MessageIds(clock::get, "node1");
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            if (i % 7 == 0) clock.addAndGet(999_999_999L); // crossing digit boundaries: zero padding keeps the order
            made.add(ids.next().id());
        }
        List<String> sorted = new ArrayList<>(made);
        sorted.sort(null);
        assertEquals(made, sorted);
        assertEquals(made.size(), made.stream().distinct().count(), "no id twice");
    }

    @Test
    void anIdCarriesItsTimeZeroPaddedWithACounterAndTheNodeTag() {
        MessageIds ids = new MessageIds(() -> 1_796_529_600_000L, "k2x9q4mz");
        MessageIds.Stamp first = ids.next();
        MessageIds.Stamp second = ids.next();
        assertEquals("1796529600000-00000-k2x9q4mz", first.id());
        assertEquals("1796529600000-00001-k2x9q4mz", second.id());
        assertEquals(1_796_529_600_000L, first.ts());
        assertEquals("0000000000042-00000-n", new MessageIds(() -> 42, "n").next().id());
    }

    @Test
    void aClockThatGoesBackDoesNotMakeIdsGoBack() {
        AtomicLong clock = new AtomicLong(5_000);
        MessageIds ids = new MessageIds(clock::get, "n");
        String before = ids.next().id();
        clock.set(4_000);
        MessageIds.Stamp after = ids.next();
        assertTrue(after.id().compareTo(before) > 0, before + " < " + after.id());
        assertEquals(5_000, after.ts(), "the last time is kept until the clock passes it");
    }

    @Test
    void aFullMillisecondBorrowsTheNext() {
        MessageIds ids = new MessageIds(() -> 7, "n");
        String last = null;
        for (int i = 0; i <= 100_000; i++) last = ids.next().id();
        assertEquals("0000000000008-00000-n", last);
    }

    @Test
    void twoNodesNeverMakeTheSameId() {
        assertNotEquals(new MessageIds().next().id().substring(20), new MessageIds().next().id().substring(20));
    }
}
