package dev.sio.engineio.server;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HandshakeInfoTest {

    private static Map<String, List<String>> containerHeaders() {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("User-Agent", new ArrayList<>(List.of("test")));
        headers.put("Cookie", new ArrayList<>(List.of("a=1", "b=2")));
        return headers;
    }

    @Test
    void header_names_are_matched_ignoring_case_and_kept_as_received() {
        HandshakeInfo info = new HandshakeInfo(containerHeaders(), Map.of(), null, "/", false);
        assertEquals("test", info.header("user-agent"));
        assertEquals("test", info.header("USER-AGENT"));
        assertEquals("a=1", info.header("cookie"));
        assertNull(info.header("Origin"));
        assertEquals(List.of("a=1", "b=2"), info.headers().get("Cookie"));
    }

    @Test
    void the_maps_are_copies_that_later_changes_of_the_container_maps_do_not_reach() {
        Map<String, List<String>> headers = containerHeaders();
        Map<String, List<String>> query = new HashMap<>(Map.of("EIO", new ArrayList<>(List.of("4"))));
        HandshakeInfo info = new HandshakeInfo(headers, query, null, "/", false);
        headers.get("User-Agent").set(0, "changed");
        headers.put("Origin", List.of("x"));
        query.get("EIO").add("3");
        assertEquals("test", info.header("User-Agent"));
        assertNull(info.header("Origin"));
        assertEquals(List.of("4"), info.query().get("EIO"));
        assertThrows(UnsupportedOperationException.class, () -> info.headers().put("X", List.of()));
        assertThrows(UnsupportedOperationException.class, () -> info.query().get("EIO").add("5"));
    }

    @Test
    void a_handshake_seen_from_an_address_shares_the_maps_of_the_first() {
        HandshakeInfo captured = new HandshakeInfo(containerHeaders(), Map.of("EIO", List.of("4")), null, "/x", true);
        HandshakeInfo opened = captured.withRemoteAddress("10.1.2.3");
        assertSame(captured.headers(), opened.headers());
        assertSame(captured.query(), opened.query());
        assertEquals("10.1.2.3", opened.remoteAddress());
        assertEquals("/x", opened.url());
        assertEquals(true, opened.secure());
    }

    @Test
    void null_names_lists_and_values_are_left_out_and_null_maps_are_empty() {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put(null, List.of("x"));
        headers.put("A", null);
        headers.put("B", Arrays.asList("1", null, "2"));
        HandshakeInfo info = new HandshakeInfo(headers, null, null, "/", false);
        assertEquals(Map.of("B", List.of("1", "2")), info.headers());
        assertEquals(Map.of(), info.query());
    }
}
