package dev.kotae.store;

import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * One DynamoDB call, with failures turned into {@link ErrorCode#STORAGE_UNAVAILABLE}. Failed
 * conditions and cancelled transactions pass through: they are answers (a condition held or not),
 * not outages.
 */
final class Storage {

    /** A cancelled transaction's reason for an item whose condition did not hold. */
    static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";

    private Storage() {
    }

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (TransactionCanceledException | ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    static KotaeException unavailable(SdkException cause) {
        return KotaeException.retryLater(ErrorCode.STORAGE_UNAVAILABLE,
                "Kotae's table is unavailable; retry shortly.", Duration.ofSeconds(1), cause);
    }
}
