package dev.kotae.messages.control;

import dev.kotae.platform.encoding.Hashing;

import java.time.Instant;

/**
 * A caller's {@code Idempotency-Key}, scoped to that caller, with the fingerprint of the payload
 * it was first used for. Keys are stored hashed: they are the caller's, and may carry anything.
 */
public record IdempotencyClaim(String keyHash, String payloadFingerprint, Instant expiresAt) {

    public static IdempotencyClaim of(String caller, String idempotencyKey, String payloadFingerprint, Instant expiresAt) {
        return new IdempotencyClaim(Hashing.sha256Hex(caller + "\n" + idempotencyKey), payloadFingerprint, expiresAt);
    }
}
