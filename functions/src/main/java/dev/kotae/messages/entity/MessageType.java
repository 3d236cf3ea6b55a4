package dev.kotae.messages.entity;

/** End User Messaging's message types: carriers treat one-time passwords and marketing differently. */
public enum MessageType {
    TRANSACTIONAL,
    PROMOTIONAL
}
