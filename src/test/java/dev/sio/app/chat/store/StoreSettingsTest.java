package dev.sio.app.chat.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreSettingsTest {

    @Test
    void refusesSettingsThatCannotWork() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StoreSettings(true, " ", 30, 1000, 10))
                .getMessage().contains("socketio.store.datasource"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StoreSettings(true, "jdbc/x", -1, 1000, 10))
                .getMessage().contains("retention-days"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StoreSettings(true, "jdbc/x", 30, 0, 10))
                .getMessage().contains("inbox.max-per-user"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StoreSettings(true, "jdbc/x", 30, 1000, 0))
                .getMessage().contains("write-queue"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StoreSettings(true, "jdbc/x", 30, 1000, 10, -1))
                .getMessage().contains("history.write-delay"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StoreSettings(true, "jdbc/x", 30, 1000, 10, 10_001))
                .getMessage().contains("history.write-delay"));
    }

    @Test
    void roomMessagesWaitUpToATenthOfASecondForFullerBatchesByDefault() {
        assertEquals(100, new StoreSettings(true, "jdbc/x", 30, 1000, 10).historyWriteDelayMillis());
    }

    @Test
    void zeroRetentionMeansForEver() {
        assertEquals(0, new StoreSettings(true, StoreSettings.DEFAULT_DATASOURCE, 0, 1, 1).retentionDays());
    }

    @Test
    void theSchemaFitsWhatTheChatAccepts() {
        String ddl = String.join("\n", Schema.STATEMENTS);
        assertTrue(ddl.contains("body VARCHAR(" + ChatMessage.MAX_BODY + ")"), ddl);
        assertTrue(ddl.contains("ON sio_room_message (room, id)"), "an index for history pages: " + ddl);
        assertTrue(ddl.contains("ON sio_inbox (recipient, id)"), "an index for inbox reads and trims: " + ddl);
        for (String statement : Schema.STATEMENTS) assertTrue(statement.contains("IF NOT EXISTS"), "idempotent: " + statement);
    }
}
