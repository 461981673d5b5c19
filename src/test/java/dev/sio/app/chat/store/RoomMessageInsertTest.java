package dev.sio.app.chat.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomMessageInsertTest {

    private static long count(String text, char c) {
        return text.chars().filter(x -> x == c).count();
    }

    @Test
    void one_row_names_the_six_columns_and_six_parameters() {
        assertEquals("INSERT INTO sio_room_message (id, room, sender_id, sender_name, body, created_ms) VALUES (?, ?, ?, ?, ?, ?)",
                RoomMessageInsert.sql(1));
    }

    @Test
    void each_row_adds_one_group_of_six_parameters() {
        String sql = RoomMessageInsert.sql(RoomMessageInsert.ROWS);
        assertEquals(6L * RoomMessageInsert.ROWS, count(sql, '?'));
        assertTrue(sql.endsWith("(?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)"), sql.substring(sql.length() - 50));
    }

    @Test
    void row_counts_outside_the_limit_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> RoomMessageInsert.sql(0));
        assertThrows(IllegalArgumentException.class, () -> RoomMessageInsert.sql(RoomMessageInsert.ROWS + 1));
    }
}
