package dev.kotae.shared.entity;

/**
 * Every error a caller of the messages API can receive, with the HTTP status it travels with.
 * The names are the public contract: clients switch on them, so they never change meaning.
 */
public enum ErrorCode {
    INVALID_JSON(400),
    UNKNOWN_FIELD(400),
    INVALID_PHONE_NUMBER(400),
    DESTINATION_NOT_ALLOWED(400),
    INVALID_BODY(400),
    INVALID_MESSAGE_TYPE(400),
    INVALID_TIME_TO_LIVE(400),
    INVALID_MAX_PRICE(400),
    INVALID_CONTEXT(400),
    INVALID_DRY_RUN(400),
    INVALID_EXPECT_REPLY(400),
    INVALID_IDEMPOTENCY_KEY(400),
    INVALID_SEND_AT(400),
    INVALID_RECIPIENT_TIME_ZONE(400),
    INVALID_RESPECT_QUIET_HOURS(400),
    INVALID_BATCH(400),
    /** Only ever the consent API's: its source or proof is missing or malformed. */
    INVALID_CONSENT(400),
    /** Only ever a batch entry's: it repeats an earlier entry's number and body. */
    DUPLICATE_ENTRY(400),
    /** Only ever the send page's: its request carries no signed-in person (API Gateway's JWT authorizer let it through). */
    UNAUTHORIZED(401),
    MONTHLY_SPEND_LIMIT_REACHED(402),
    CANCEL_NOT_ALLOWED(403),
    MESSAGE_NOT_FOUND(404),
    BATCH_NOT_FOUND(404),
    RECIPIENT_OPTED_OUT(409),
    /** A PROMOTIONAL message to a number whose consent to marketing is not recorded as granted. */
    CONSENT_REQUIRED(409),
    IDEMPOTENCY_KEY_IN_USE(409),
    UPSTREAM_CONFLICT(409),
    MESSAGE_NOT_CANCELABLE(409),
    UNSUPPORTED_MEDIA_TYPE(415),
    IDEMPOTENCY_KEY_REUSED(422),
    MESSAGE_REJECTED(422),
    /** End User Messaging prices the message above the ceiling per part times its parts (its MaxPrice). */
    MAX_PRICE_EXCEEDED(422),
    THROTTLED(429),
    QUOTA_EXCEEDED(429),
    CALLER_QUOTA_EXCEEDED(429),
    INTERNAL_ERROR(500),
    UPSTREAM_ACCESS_DENIED(502),
    ORIGINATION_IDENTITY_NOT_FOUND(502),
    UPSTREAM_UNAVAILABLE(503),
    /** Only ever a message's {@code error}: a scheduled message no firing could send by its deadline. */
    SEND_DEADLINE_PASSED(503),
    STORAGE_UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
