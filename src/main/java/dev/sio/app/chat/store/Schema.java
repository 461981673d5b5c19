package dev.sio.app.chat.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables and indexes, made by the application at start rather than by JPA's schema
 * generation: every statement is idempotent ({@code IF NOT EXISTS}), runs at each start on every
 * node, and works on H2 (the embedded default of Payara and WildFly), PostgreSQL and MariaDB. An
 * upgrade appends statements (e.g. {@code ALTER TABLE ... ADD COLUMN IF NOT EXISTS}) and never edits
 * the ones here, so any older schema is brought up to date by the next start.
 */
final class Schema {

    static final List<String> STATEMENTS = List.of(
            "CREATE TABLE IF NOT EXISTS sio_room_message (id VARCHAR(" + ChatMessage.MAX_ID + ") NOT NULL PRIMARY KEY, "
                    + "room VARCHAR(" + ChatMessage.MAX_TARGET + ") NOT NULL, sender_id VARCHAR(" + ChatMessage.MAX_USER + ") NOT NULL, "
                    + "sender_name VARCHAR(" + ChatMessage.MAX_USER + ") NOT NULL, body VARCHAR(" + ChatMessage.MAX_BODY + ") NOT NULL, "
                    + "created_ms BIGINT NOT NULL)",
            // history: the newest messages of a room before an id
            "CREATE INDEX IF NOT EXISTS sio_room_message_room_id ON sio_room_message (room, id)",
            // retention: the messages older than a time
            "CREATE INDEX IF NOT EXISTS sio_room_message_created ON sio_room_message (created_ms)",
            "CREATE TABLE IF NOT EXISTS sio_inbox (id VARCHAR(" + ChatMessage.MAX_ID + ") NOT NULL PRIMARY KEY, "
                    + "recipient VARCHAR(" + ChatMessage.MAX_TARGET + ") NOT NULL, sender_id VARCHAR(" + ChatMessage.MAX_USER + ") NOT NULL, "
                    + "sender_name VARCHAR(" + ChatMessage.MAX_USER + ") NOT NULL, body VARCHAR(" + ChatMessage.MAX_BODY + ") NOT NULL, "
                    + "created_ms BIGINT NOT NULL)",
            // a user's inbox, oldest first; and its trimming to the newest N
            "CREATE INDEX IF NOT EXISTS sio_inbox_recipient_id ON sio_inbox (recipient, id)");

    private Schema() {
    }

    /** Brings the database's schema up to date; several nodes may do it at once. */
    static void apply(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            boolean autoCommit = connection.getAutoCommit();
            if (!autoCommit) connection.setAutoCommit(true);
            try {
                for (String sql : STATEMENTS) statement.execute(sql);
            } finally {
                if (!autoCommit) connection.setAutoCommit(false);
            }
        }
    }
}
