package dev.sio.engineio.polling;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ClosedByClientTest {

    @Test
    void a_closed_sid_answers_one_get_only() {
        ClosedByClient closed = new ClosedByClient();
        closed.closed("a");
        assertTrue(closed.takeRecent("a"));
        assertFalse(closed.takeRecent("a"), "the next request gets the 400 of an unknown session");
        assertFalse(closed.takeRecent("never-seen"));
    }

    @Test
    void a_sid_closed_longer_ago_than_the_window_answers_nothing() throws Exception {
        ClosedByClient closed = new ClosedByClient(TimeUnit.MILLISECONDS.toNanos(20));
        closed.closed("a");
        Thread.sleep(40);
        assertFalse(closed.takeRecent("a"));
    }

    @Test
    void expired_sids_are_dropped_and_the_count_is_bounded() throws Exception {
        ClosedByClient shortWindow = new ClosedByClient(TimeUnit.MILLISECONDS.toNanos(20));
        for (int i = 0; i < 100; i++) shortWindow.closed("old-" + i);
        Thread.sleep(40);
        shortWindow.closed("new");
        assertEquals(1, shortWindow.size(), "the expired ones went when the next one came");

        ClosedByClient closed = new ClosedByClient();
        for (int i = 0; i < ClosedByClient.MAX_ENTRIES + 500; i++) closed.closed("sid-" + i);
        assertEquals(ClosedByClient.MAX_ENTRIES, closed.size());
        assertFalse(closed.takeRecent("sid-0"), "the oldest went first");
        assertTrue(closed.takeRecent("sid-" + (ClosedByClient.MAX_ENTRIES + 499)));
    }
}
