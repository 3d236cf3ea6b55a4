package dev.kotae.batches.control;

import dev.kotae.batches.entity.BatchEntry;
import dev.kotae.batches.entity.BatchRequest;
import dev.kotae.batches.entity.RejectedEntry;
import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.shared.boundary.StrictJson;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Set;

/**
 * Reads {@code POST /batches}: its shared options, each refused with its own code as in a single send
 * (and the whole request with them), then each entry as a single send of those options, refused by
 * index without refusing the others. An entry that repeats an earlier entry's number and body is
 * refused as {@link ErrorCode#DUPLICATE_ENTRY}: the same text twice to one phone is a mistake in the
 * list, while two different texts to one number (a family's shared phone) both go.
 */
public final class BatchRequestParser {

    /**
     * The most entries one {@code POST /batches} may list. The request must also fit the 6 MB Lambda
     * takes from API Gateway (AWS Lambda API Reference, Invoke: "For synchronous invocations, the
     * maximum payload size is 6 MB"): 1,000 entries of 1,600 Japanese characters are 4.8 MB of UTF-8.
     * Queuing them takes 100 SendMessageBatch calls (Amazon SQS API Reference: at most 10 messages a
     * call), well inside API Gateway's 29-second integration timeout.
     */
    public static final int MAX_ENTRIES = 1000;
    /** A batch's members: a single send's options but {@code to}, {@code body} and {@code recipientTimeZone}, and the entries. */
    public static final Set<String> MEMBERS = Set.of("type", "timeToLiveSeconds", "maxPricePerPart", "context", "dryRun",
            "expectReply", "sendAt", "respectQuietHours", "messages");
    /** What one entry may set for itself: its recipient's time zone is its own too. */
    public static final Set<String> ENTRY_MEMBERS = Set.of("to", "body", "context", "recipientTimeZone");

    private final SendRequestCodec single;

    public BatchRequestParser(SendRequestCodec single) {
        this.single = single;
    }

    public BatchRequest parse(String body) {
        var root = StrictJson.readObject(body);
        StrictJson.rejectUnknown(root, MEMBERS, "", ErrorCode.UNKNOWN_FIELD, SendRequestCodec.RENAMED);
        var shared = single.sharedOptions(root);
        var sendAt = single.sendAt(root);
        var messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty() || messages.size() > MAX_ENTRIES) {
            throw new KotaeException(ErrorCode.INVALID_BATCH, "'messages' must list 1 to " + MAX_ENTRIES
                    + " entries, each {\"to\", \"body\"} with an optional \"context\".", "messages");
        }
        var accepted = new ArrayList<BatchEntry>();
        var rejected = new ArrayList<RejectedEntry>();
        var firstOf = new HashMap<String, Integer>();
        for (int index = 0; index < messages.size(); index++) {
            try {
                var entry = messages.get(index);
                if (!entry.isObject()) {
                    throw new KotaeException(ErrorCode.INVALID_BATCH, "Each entry must be an object with 'to' and"
                            + " 'body'.");
                }
                var request = single.entry(entry, shared, ENTRY_MEMBERS);
                var first = firstOf.putIfAbsent(request.to() + "\n" + request.body(), index);
                if (first != null) {
                    throw new KotaeException(ErrorCode.DUPLICATE_ENTRY, "Entry " + first + " already sends this body"
                            + " to this number; it is sent once.", "to");
                }
                accepted.add(new BatchEntry(index, request));
            } catch (KotaeException refused) {
                rejected.add(new RejectedEntry(index, refused.code(), refused.getMessage(), refused.field()));
            }
        }
        return new BatchRequest(messages.size(), accepted, rejected, sendAt);
    }
}
