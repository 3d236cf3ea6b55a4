package dev.kotae.aws;

import dev.kotae.messages.control.MessageScheduler;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.platform.environment.SchedulingSettings;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.SchedulerException;
import software.amazon.awssdk.services.scheduler.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.scheduler.model.ThrottlingException;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * One EventBridge Scheduler one-time schedule per scheduled message (or batch entry), named by the
 * message's id in Kotae's schedule group (EventBridge Scheduler API Reference, CreateSchedule and
 * DeleteSchedule). Each schedule deletes itself once it has fired ({@code ActionAfterCompletion: DELETE}).
 * Its target is the deployment's ({@link SchedulingSettings#targetArn}): the scheduled-send function for
 * the send function, the batch queue for the batch API, which EventBridge Scheduler sends the input to
 * as the message body (EventBridge Scheduler User Guide, "Using templated targets": Amazon SQS SendMessage);
 * the scheduled-send function's own night holds name it ({@link #holdFor}).
 */
public final class EventBridgeMessageScheduler implements MessageScheduler {

    /** {@code at(yyyy-mm-ddThh:mm:ss)}, read in {@link #TIME_ZONE}. */
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("'at('uuuu-MM-dd'T'HH:mm:ss')'");
    private static final String TIME_ZONE = "UTC";
    /**
     * Retries of the invocation itself (Lambda throttling the Invoke call, say) within the deadline:
     * EventBridge Scheduler backs off between them and stops at whichever of this and the maximum event
     * age comes first, then sends the input to the dead-letter queue (EventBridge Scheduler User Guide,
     * "Configuring a dead-letter queue"). A failure of the function itself is Lambda's to retry: it is
     * invoked asynchronously.
     */
    static final int MAXIMUM_RETRY_ATTEMPTS = 20;

    private final Supplier<SchedulerClient> scheduler;
    private final Supplier<SchedulingSettings> settings;

    /** Both are asked for on first use: a function that never schedules needs neither. */
    public EventBridgeMessageScheduler(Supplier<SchedulerClient> scheduler, Supplier<SchedulingSettings> settings) {
        this.scheduler = scheduler;
        this.settings = settings;
    }

    @Override
    public void hold(String name, Instant at, String input) {
        holdFor(settings.get().targetArn().orElseThrow(() -> new IllegalStateException(
                "This function's schedules name their target: it was not told the deployment's")), name, at, input);
    }

    @Override
    public void holdFor(String target, String name, Instant at, String input) {
        var where = settings.get();
        try {
            scheduler.get().createSchedule(schedule -> schedule
                    .name(name)
                    .groupName(where.scheduleGroup())
                    .description("Kotae scheduled message " + name)
                    .scheduleExpression(AT.format(at.atOffset(ZoneOffset.UTC)))
                    .scheduleExpressionTimezone(TIME_ZONE)
                    .flexibleTimeWindow(window -> window.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    // The input carries the message's body: encrypted with the stack's key, as every other store of
                    // bodies is, not EventBridge Scheduler's own (User Guide, "Encryption at rest").
                    .kmsKeyArn(where.inputKeyArn())
                    // A retried call (the SDK retries a time-out) creates the schedule once.
                    // The name is the client token too, so it keeps to the token's narrower [a-zA-Z0-9-_] (no full stop).
                    .clientToken(name)
                    .target(invoked -> invoked
                            .arn(target)
                            .roleArn(where.schedulerRoleArn())
                            .input(input)
                            .retryPolicy(retry -> retry
                                    .maximumEventAgeInSeconds((int) MessageRecord.SEND_DEADLINE.toSeconds())
                                    .maximumRetryAttempts(MAXIMUM_RETRY_ATTEMPTS))
                            .deadLetterConfig(deadLetters -> deadLetters.arn(where.deadLetterQueueArn()))));
        } catch (ConflictException sameName) {
            // The message's id names its schedule: one already there is this booking's, created by an earlier try.
        } catch (ThrottlingException e) {
            throw KotaeException.retryLater(ErrorCode.THROTTLED, "EventBridge Scheduler is throttling schedule"
                    + " creation; retry shortly.", Duration.ofSeconds(1), e);
        } catch (ResourceNotFoundException e) {
            // The stack creates the group: without it the deployment is broken, and a retry will not mend it.
            throw new KotaeException(ErrorCode.INTERNAL_ERROR, "Kotae's schedule group does not exist, so nothing"
                    + " was scheduled; the deployment needs attention.", null, null, e);
        } catch (ServiceQuotaExceededException e) {
            throw new KotaeException(ErrorCode.QUOTA_EXCEEDED, "The account holds as many schedules as EventBridge"
                    + " Scheduler allows; cancel some, or ask AWS for a higher quota.", null, null, e);
        } catch (SchedulerException e) {
            // The API models no AccessDeniedException; IAM's refusal arrives as a 403.
            if (e.statusCode() == 403) {
                throw new KotaeException(ErrorCode.UPSTREAM_ACCESS_DENIED, "Kotae may not create schedules in its"
                        + " schedule group; the deployment's permissions need attention.", null, null, e);
            }
            throw unavailable(e);
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    private static KotaeException unavailable(SdkException e) {
        return KotaeException.retryLater(ErrorCode.UPSTREAM_UNAVAILABLE, "EventBridge Scheduler did not create the"
                + " schedule; retry shortly.", Duration.ofSeconds(1), e);
    }

    @Override
    public void unschedule(String messageId) {
        try {
            scheduler.get().deleteSchedule(delete -> delete.name(messageId).groupName(settings.get().scheduleGroup()));
        } catch (ResourceNotFoundException gone) {
            // Fired and deleted itself, or deleted by an earlier cancel.
        }
    }
}
