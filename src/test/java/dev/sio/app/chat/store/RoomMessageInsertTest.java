package dev.sio.app.chat.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The room messages' JDBC batch against the local PostgreSQL (127.0.0.1:5432, database test), in a schema of its own. */
class RoomMessageInsertTest {

    private final String schema = "sio_insert_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private PGSimpleDataSource dataSource;

    @BeforeEach
    void schema() throws SQLException {
        dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[]{"127.0.0.1"});
        dataSource.setPortNumbers(new int[]{5432});
        dataSource.setDatabaseName("test");
        dataSource.setUser("postgres");
        execute("CREATE SCHEMA " + schema);
        dataSource.setCurrentSchema(schema);
        Schema.apply(dataSource);
    }

    @AfterEach
    void drop() throws SQLException {
        dataSource.setCurrentSchema(null);
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static ChatMessage message(String id, String body) {
        return new ChatMessage(id, "lobby", "u1", "Ada", body, 1_700_000_000_000L);
    }

    private List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, room, sender_id, sender_name, body, created_ms FROM sio_room_message ORDER BY id")) {
            while (r.next()) {
                rows.add(String.join("|", r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                        Long.toString(r.getLong(6))));
            }
        }
        return rows;
    }

    @Test
    void a_batch_is_inserted_whole_and_the_connection_keeps_its_auto_commit() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            RoomMessageInsert.insert(c, List.of(message("0001", "one"), message("0002", "two ✓"), message("0003", "three")));
            assertTrue(c.getAutoCommit());
        }
        assertEquals(List.of("0001|lobby|u1|Ada|one|1700000000000", "0002|lobby|u1|Ada|two ✓|1700000000000",
                "0003|lobby|u1|Ada|three|1700000000000"), rows());
    }

    @Test
    void a_batch_with_one_bad_row_inserts_none_of_its_rows() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            RoomMessageInsert.insert(c, List.of(message("0001", "kept")));
            // "0001" again: the primary key refuses it, and the batch's other row goes with it
            assertThrows(SQLException.class, () -> RoomMessageInsert.insert(c, List.of(message("0002", "lost"), message("0001", "dup"))));
            assertTrue(c.getAutoCommit());
        }
        assertEquals(List.of("0001|lobby|u1|Ada|kept|1700000000000"), rows());
    }
}
