package dev.sio.app.chat.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.util.List;

/**
 * Writes a batch's room messages with multi-row native INSERTs, up to {@value #ROWS} rows each,
 * inside the writer's transaction. Room messages are only ever inserted, never read back in the
 * same persistence context, so the entity machinery (registering each new object, computing its
 * change set at flush) is pure cost here: profiled with {@code bench/run.sh --persistence}, it was
 * most of the writer's CPU. The SQL is the same on H2 and PostgreSQL; reads still go through the
 * entity ({@link RoomMessageEntity}), whose table this writes ({@link Schema}).
 */
final class RoomMessageInsert {

    static final int ROWS = 64;
    private static final String[] SQL = new String[ROWS + 1];

    static {
        StringBuilder sql = new StringBuilder("INSERT INTO sio_room_message (id, room, sender_id, sender_name, body, created_ms) VALUES ");
        for (int rows = 1; rows <= ROWS; rows++) {
            if (rows > 1) sql.append(", ");
            sql.append("(?, ?, ?, ?, ?, ?)");
            SQL[rows] = sql.toString();
        }
    }

    private RoomMessageInsert() {
    }

    /** The statement for {@code rows} rows (1 to {@value #ROWS}), with six parameters per row. */
    static String sql(int rows) {
        if (rows < 1 || rows > ROWS) throw new IllegalArgumentException("1 to " + ROWS + " rows, not " + rows);
        return SQL[rows];
    }

    /** Inserts the messages, in order, in as few statements as the row limit allows. */
    static void insert(EntityManager em, List<ChatMessage> messages) {
        for (int from = 0; from < messages.size(); from += ROWS) {
            List<ChatMessage> chunk = messages.subList(from, Math.min(messages.size(), from + ROWS));
            Query insert = em.createNativeQuery(sql(chunk.size()));
            int p = 1;
            for (ChatMessage m : chunk) {
                insert.setParameter(p++, m.id());
                insert.setParameter(p++, m.target());
                insert.setParameter(p++, m.senderId());
                insert.setParameter(p++, m.senderName());
                insert.setParameter(p++, m.body());
                insert.setParameter(p++, m.ts());
            }
            insert.executeUpdate();
        }
    }
}
