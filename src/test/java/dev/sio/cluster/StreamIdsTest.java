package dev.sio.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stream ids compare as Redis orders them: milliseconds, then sequence, as numbers (not as text). */
class StreamIdsTest {

    @Test
    void idsCompareByMillisecondsThenSequenceAsNumbers() {
        assertTrue(StreamIds.after("10-0", "9-5"), "10 ms after 9 ms, though \"10\" < \"9\" as text");
        assertTrue(StreamIds.after("5-10", "5-9"));
        assertFalse(StreamIds.after("5-9", "5-9"), "not after itself");
        assertFalse(StreamIds.after("5-9", "5-10"));
        assertTrue(StreamIds.after("1796592845258-0", "1796592845202-3"));
    }

    @Test
    void onlyTwoRunsOfDigitsAroundADashAreIds() {
        assertTrue(StreamIds.isId("1796592845258-0"));
        assertFalse(StreamIds.isId("abc"));
        assertFalse(StreamIds.isId("-1"));
        assertFalse(StreamIds.isId("1-"));
        assertFalse(StreamIds.isId("1-2-3"));
        assertFalse(StreamIds.isId("12345678901234567890-1"), "20 digits do not fit a long");
        assertFalse(StreamIds.isId("1a-2"));
    }
}
