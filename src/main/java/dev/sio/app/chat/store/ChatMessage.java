package dev.sio.app.chat.store;

/**
 * A message kept by the store: in a room's history ({@code target} is the room) or in a user's
 * inbox ({@code target} is the recipient's user id).
 */
public record ChatMessage(String id, String target, String senderId, String senderName, String body, long ts) {

    /** Column widths of the schema (see {@link Schema}): longer values are refused before they reach the store. */
    public static final int MAX_ID = 40;
    public static final int MAX_TARGET = 255;
    public static final int MAX_USER = 255;
    public static final int MAX_BODY = 4000;
}
