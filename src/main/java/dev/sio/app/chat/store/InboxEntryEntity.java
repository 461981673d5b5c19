package dev.sio.app.chat.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A private message waiting for its recipient's acknowledgement (table {@code sio_inbox}, made by {@link Schema}). */
@Entity
@Table(name = "sio_inbox")
public class InboxEntryEntity {

    @Id
    @Column(name = "id", length = ChatMessage.MAX_ID)
    private String id;
    @Column(name = "recipient", length = ChatMessage.MAX_TARGET, nullable = false)
    private String recipient;
    @Column(name = "sender_id", length = ChatMessage.MAX_USER, nullable = false)
    private String senderId;
    @Column(name = "sender_name", length = ChatMessage.MAX_USER, nullable = false)
    private String senderName;
    @Column(name = "body", length = ChatMessage.MAX_BODY, nullable = false)
    private String body;
    @Column(name = "created_ms", nullable = false)
    private long createdMs;

    protected InboxEntryEntity() {
        // for JPA
    }

    InboxEntryEntity(ChatMessage m) {
        id = m.id();
        recipient = m.target();
        senderId = m.senderId();
        senderName = m.senderName();
        body = m.body();
        createdMs = m.ts();
    }

    String recipient() {
        return recipient;
    }

    ChatMessage toMessage() {
        return new ChatMessage(id, recipient, senderId, senderName, body, createdMs);
    }
}
