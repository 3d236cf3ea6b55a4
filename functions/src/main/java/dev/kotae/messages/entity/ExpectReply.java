package dev.kotae.messages.entity;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The sender waits for the recipient to answer with one of {@code keywords} (normalised, such as
 * {@code CONFIRM}) within {@code timeToLive}; {@code reference} is the caller's own id, echoed back.
 */
public record ExpectReply(List<String> keywords, Duration timeToLive, Optional<String> reference) {

    public ExpectReply {
        keywords = List.copyOf(keywords);
    }
}
