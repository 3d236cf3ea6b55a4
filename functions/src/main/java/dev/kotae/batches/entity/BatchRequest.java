package dev.kotae.batches.entity;

import dev.kotae.platform.encoding.Hashing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code POST /batches} as read: the valid entries, each a complete send request, and the refused
 * ones, by their index in the caller's list of {@code size}; with {@code sendAt}, when the entries join
 * the queue.
 */
public record BatchRequest(int size, List<BatchEntry> accepted, List<RejectedEntry> rejected,
                           Optional<Instant> sendAt) {

    public BatchRequest {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }

    /** The same request with {@code refused} moved from the valid entries to the refused ones, in index order. */
    public BatchRequest refusing(List<RejectedEntry> refused) {
        var indexes = refused.stream().map(RejectedEntry::index).collect(Collectors.toSet());
        var stillValid = accepted.stream().filter(entry -> !indexes.contains(entry.index())).toList();
        var allRefused = new ArrayList<>(rejected);
        allRefused.addAll(refused);
        allRefused.sort(Comparator.comparingInt(RejectedEntry::index));
        return new BatchRequest(size, stillValid, allRefused, sendAt);
    }

    /** Message parts the valid entries cost: what the sender paces. */
    public int parts() {
        return accepted.stream().mapToInt(entry -> entry.request().segments()).sum();
    }

    /** Identifies the whole request for its idempotency key: equal for equal lists, whatever their JSON layout. */
    public String fingerprint() {
        var canonical = new StringBuilder().append("size=").append(size).append('\n');
        sendAt.ifPresent(at -> canonical.append("sendAt=").append(at).append('\n'));
        accepted.forEach(entry -> canonical.append(entry.index()).append('=').append(entry.request().fingerprint())
                .append('\n'));
        rejected.forEach(entry -> canonical.append(entry.index()).append('!').append(entry.code()).append(':')
                .append(entry.field().orElse("")).append('\n'));
        return Hashing.sha256Hex(canonical.toString());
    }
}
