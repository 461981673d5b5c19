package dev.sio.app.chat.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of a room's history (table {@code sio_room_message}, made by {@link Schema}), as read; written by {@link RoomMessageInsert}. */
@Entity
@Table(name = "sio_room_message")
public class RoomMessageEntity {

    @Id
    @Column(name = "id", length = ChatMessage.MAX_ID)
    private String id;
    @Column(name = "room", length = ChatMessage.MAX_TARGET, nullable = false)
    private String room;
    @Column(name = "sender_id", length = ChatMessage.MAX_USER, nullable = false)
    private String senderId;
    @Column(name = "sender_name", length = ChatMessage.MAX_USER, nullable = false)
    private String senderName;
    @Column(name = "body", length = ChatMessage.MAX_BODY, nullable = false)
    private String body;
    @Column(name = "created_ms", nullable = false)
    private long createdMs;

    protected RoomMessageEntity() {
        // for JPA
    }

    ChatMessage toMessage() {
        return new ChatMessage(id, room, senderId, senderName, body, createdMs);
    }
}
