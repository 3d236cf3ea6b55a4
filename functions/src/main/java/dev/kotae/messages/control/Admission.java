package dev.kotae.messages.control;

import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.shared.entity.KotaeException;

import java.util.Optional;

/** Whether a new message may go out, decided atomically with recording it. */
public sealed interface Admission {

    /** Recorded as ACCEPTED (and the idempotency key claimed): send it. */
    record Admitted() implements Admission {
    }

    /** The caller has sent its day's quota: nothing was recorded. */
    record CallerQuotaExceeded() implements Admission {
    }

    /** The recipient opted out: nothing was recorded. */
    record RecipientOptedOut() implements Admission {
    }

    /** A marketing message to a number whose consent is not granted: nothing was recorded. */
    record ConsentRequired() implements Admission {
    }

    /** The key was used before for the same payload and that attempt has an outcome: repeat it. */
    record Replay(SendReceipt receipt) implements Admission {
    }

    /** As {@link Replay}, for an attempt whose outcome was an error the caller must see again. */
    record ReplayError(KotaeException error) implements Admission {
    }

    /** The key was used before for another payload. */
    record KeyReused() implements Admission {
    }

    /** The key's first attempt (for message {@code messageId}, when known) has no outcome yet. */
    record KeyInUse(Optional<String> messageId) implements Admission {
    }
}
