package dev.kotae.settings;

/**
 * Every environment variable Kotae gives its functions, named once: {@link FunctionEnvironment} writes
 * them (for the stack and the sandbox alike) and the functions' settings readers read them, both by
 * these constants, so a rename is one edit and a variable one side forgets cannot compile on the other.
 * Which function reads which is the functions' readers' to say; a test there holds that each of these is
 * read.
 */
public enum FunctionVariable {
    /** The message table's name. */
    TABLE_NAME,
    /** The phone number, sender id or pool every send leaves from. */
    ORIGINATION_IDENTITY,
    /** The configuration set every send names, whose event destination carries delivery events. */
    CONFIGURATION_SET_NAME,
    /** ISO 3166-1 alpha-2: the country a national number (no {@code +}) is read in. */
    DEFAULT_COUNTRY,
    /** ISO 3166-1 alpha-2 codes, comma-separated: the only countries Kotae sends to. */
    ALLOWED_COUNTRIES,
    /** End User Messaging's protect configuration every send names, blocking the other countries. */
    PROTECT_CONFIGURATION_ID,
    /** US dollars per message part, sent as MaxPrice on every send that names none lower. */
    MAX_PRICE_PER_PART,
    /** Messages per IAM principal per UTC day. */
    CALLER_DAILY_LIMIT,
    /** {@code HH:MM-HH:MM}: the recipient's hours when marketing messages wait ({@code kotae:quietHours}). */
    QUIET_HOURS,
    /** How long after JOIN a YES confirms consent to marketing, in hours ({@code kotae:consentWindowHours}). */
    CONSENT_WINDOW_HOURS,
    /** Added to a marketing body that does not say who sends it and how to stop ({@code kotae:promotionalFooter}). */
    PROMOTIONAL_FOOTER,
    /** JSON: principal (role ARN or account id) → its own daily limit. */
    CALLER_DAILY_LIMIT_OVERRIDES,
    /** Days a message's record is kept after its last change. */
    MESSAGE_RETENTION_DAYS,
    /** JSON in the shape of {@code default-keywords.json}, replacing what it names. */
    KEYWORD_OVERRIDES,
    /** The deploying stack's name: metrics carry it, so stacks sharing an account stay apart. */
    STACK_NAME,

    /** The brand the inbound function's HELP and STOP answers name. */
    BRAND_NAME,
    /** Where a HELP answer sends a person who needs more. */
    HELP_CONTACT,
    /** End User Messaging's opt-out list STOP and START also change, when one is named. */
    OPT_OUT_LIST_NAME,
    /** True when the number leaves STOP to Kotae (self-managed opt-outs). */
    SELF_MANAGED_OPT_OUTS,

    /** The EventBridge Scheduler schedule group holding one schedule per message. */
    SCHEDULE_GROUP_NAME,
    /** The role EventBridge Scheduler assumes to invoke a schedule's target. */
    SCHEDULER_ROLE_ARN,
    /** The scheduled-send function's alias (or, for a batch sent later, the batch queue) a schedule invokes. */
    SCHEDULED_SEND_TARGET_ARN,
    /** Where EventBridge Scheduler puts a firing it could not deliver. */
    SCHEDULE_DEAD_LETTER_QUEUE_ARN,
    /** The stack's KMS key each schedule's input, message body included, is encrypted with. */
    SCHEDULE_INPUT_KEY_ARN,
    /** Comma-separated role ARNs and account ids ({@code kotae:callers} granted {@code cancelAny}). */
    CANCEL_ANY_CALLERS,

    /** The batch queue the batch API puts entries on and the batch sender reads. */
    BATCH_QUEUE_URL,
    /** The batch sender's pace, in message parts per second ({@code kotae:messagesPerSecond}). */
    MESSAGES_PER_SECOND,

    /** The event bus the event relay puts the inbound path's events on. */
    EVENT_BUS_NAME,

    /** The send page's managed login, {@code https://<prefix>.auth.<region>.amazoncognito.com}: where people sign in. */
    SEND_PAGE_SIGN_IN_URL,
    /** The send page's app client in the user pool: the audience its tokens are for. */
    SEND_PAGE_CLIENT_ID
}
