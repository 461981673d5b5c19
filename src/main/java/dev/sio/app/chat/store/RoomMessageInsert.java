package dev.sio.app.chat.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes a batch's room messages as one JDBC batch in one transaction, on the store's datasource.
 * Room messages are only ever inserted, never changed, and read back by queries through the
 * persistence unit ({@link RoomMessageEntity}); going through the entity machinery for the inserts
 * (registering each new object, computing its change set at flush) was most of the writer's CPU in
 * a profile of {@code bench/run.sh --persistence}, and a multi-row native query through
 * EclipseLink cost more still (its parameter binding grows with the square of the parameters). The
 * statement is plain SQL that H2, PostgreSQL and MariaDB take alike; the table is {@link Schema}'s.
 */
final class RoomMessageInsert {

    static final String SQL =
            "INSERT INTO sio_room_message (id, room, sender_id, sender_name, body, created_ms) VALUES (?, ?, ?, ?, ?, ?)";

    private RoomMessageInsert() {
    }

    /** Inserts the messages in one transaction: all of them or (on an exception) none. */
    static void insert(Connection connection, List<ChatMessage> messages) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(SQL)) {
            for (ChatMessage m : messages) {
                insert.setString(1, m.id());
                insert.setString(2, m.target());
                insert.setString(3, m.senderId());
                insert.setString(4, m.senderName());
                insert.setString(5, m.body());
                insert.setLong(6, m.ts());
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
