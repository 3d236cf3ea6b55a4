package dev.kotae.batches.entity;

import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.Text;

import java.util.Optional;

/**
 * An entry refused before anything was queued, with the error a single send of it would get. Its
 * message and field are kept to {@value #MAX_MESSAGE} and {@value #MAX_FIELD} characters: they may
 * quote a member name the caller chose, and a thousand of them are stored with the batch.
 */
public record RejectedEntry(int index, ErrorCode code, String message, Optional<String> field) {

    static final int MAX_MESSAGE = 300;
    static final int MAX_FIELD = 100;

    public RejectedEntry {
        message = Text.shortened(message, MAX_MESSAGE);
        field = field.map(name -> Text.shortened(name, MAX_FIELD));
    }
}
