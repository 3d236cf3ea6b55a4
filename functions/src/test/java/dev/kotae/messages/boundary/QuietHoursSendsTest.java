package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.LocalStandIns;
import dev.kotae.MutableClock;
import dev.kotae.TestJson;
import dev.kotae.Wiring;
import dev.kotae.settings.FunctionVariable;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.SchedulerStandIn;
import dev.kotae.standins.SmsSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A marketing message due in the recipient's night ({@code kotae:quietHours}, 21:00-08:00 by default, at the
 * number's location or in the caller's {@code recipientTimeZone}) is held until it ends, as a {@code sendAt} would be:
 * 202 SCHEDULED, its time, and why; another message is held when its caller asks ({@code respectQuietHours}).
 */
class QuietHoursSendsTest {

    /** 23:00 in Tokyo. */
    private static final Instant NIGHT_IN_TOKYO = Instant.parse("2026-11-22T14:00:00Z");
    private static final Instant MORNING_IN_TOKYO = Instant.parse("2026-11-22T23:00:00Z");
    /** 21:09 the next evening in Tokyo: ten minutes late for a message booked for 20:59. */
    private static final Instant LATE_IN_TOKYO = Instant.parse("2026-11-23T12:09:00Z");
    private static final Instant NEXT_MORNING_IN_TOKYO = Instant.parse("2026-11-23T23:00:00Z");

    private static LocalStandIns standIns;
    private static SmsSimulator simulator;
    private final MutableClock clock = new MutableClock(NIGHT_IN_TOKYO);
    private Wiring wiring;
    private String target;
    private ScheduledSendHandler firing;

    @BeforeAll
    static void startStandIns() {
        standIns = LocalStandIns.start();
        simulator = standIns.simulator;
    }

    @BeforeEach
    void deploy() {
        simulator.reset();
        standIns.scheduler.reset();
        standIns.lambda.reset();
        var environment = standIns.deployment(Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP"));
        wiring = Wiring.from(environment, clock);
        target = environment.get(FunctionVariable.SCHEDULED_SEND_TARGET_ARN.name());
        firing = new ScheduledSendHandler(wiring);
        standIns.lambda.register(target, input -> firing.fire(input, target));
        wiring.consentService().grant("+819012345678", "web-form", "signed up for offers", "arn:aws:iam::123456789012:role/signup");
    }

    @Test
    void aMarketingMessageAtNightWaitsForTheMorningAndNothingIsSentNow() {
        var held = send("{\"to\": \"+819012345678\", \"body\": \"Kotae: Sale! Reply STOP to stop.\", \"type\": \"PROMOTIONAL\"}", "night-offer");
        var again = send("{\"to\": \"+819012345678\", \"body\": \"Kotae: Sale! Reply STOP to stop.\", \"type\": \"PROMOTIONAL\"}", "night-offer");

        assertThat(held.getStatusCode()).isEqualTo(202);
        assertThat(json(held).get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(json(held).get("sendAt").asText()).isEqualTo(MORNING_IN_TOKYO.toString());
        assertThat(json(held).get("heldFor").asText()).isEqualTo("QUIET_HOURS");
        assertThat(json(again)).as("a retry is the same answer").isEqualTo(json(held));
        assertThat(simulator.outbox()).isEmpty();

        clock.advance(Duration.between(NIGHT_IN_TOKYO, MORNING_IN_TOKYO));
        standIns.runDue(MORNING_IN_TOKYO);
        assertThat(simulator.outbox()).extracting(sms -> sms.messageBody()).containsExactly("Kotae: Sale! Reply STOP to stop.");
    }

    @Test
    void aTransactionalMessageGoesAtNight() {
        var sent = send("{\"to\": \"+819012345678\", \"body\": \"Your code is 4821\"}", "code");

        assertThat(json(sent).get("status").asText()).isEqualTo("SENT");
        assertThat(json(sent).has("heldFor")).isFalse();
    }

    @Test
    void aTransactionalMessageThatAsksWaitsForTheMorningAndGoesThen() {
        var held = send("{\"to\": \"+819012345678\", \"body\": \"Your statement is ready\", \"respectQuietHours\": true}",
                "statement");

        assertThat(json(held).get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(json(held).get("sendAt").asText()).isEqualTo(MORNING_IN_TOKYO.toString());
        assertThat(json(held).get("heldFor").asText()).isEqualTo("QUIET_HOURS");
        assertThat(simulator.outbox()).isEmpty();

        clock.advance(Duration.between(NIGHT_IN_TOKYO, MORNING_IN_TOKYO));
        standIns.runDue(MORNING_IN_TOKYO);
        assertThat(simulator.outbox()).extracting(sms -> sms.messageBody()).containsExactly("Your statement is ready");
    }

    @Test
    void theCallersTimeZoneWinsOverTheNumbers() {
        // A Japanese number carried to New York: 23:00 in Tokyo is 9:00 there, so the offer goes now.
        var inNewYork = send("{\"to\": \"+819012345678\", \"body\": \"Kotae: Sale! Reply STOP to stop.\","
                + " \"type\": \"PROMOTIONAL\", \"recipientTimeZone\": \"America/New_York\"}", "abroad");
        // And one whose caller knows its recipient is in Honolulu, where 4:00 is night: it waits for 8:00 there.
        var inHonolulu = send("{\"to\": \"+819012345678\", \"body\": \"Kotae: Sale! Reply STOP to stop.\","
                + " \"type\": \"PROMOTIONAL\", \"recipientTimeZone\": \"Pacific/Honolulu\"}", "islands");

        assertThat(json(inNewYork).get("status").asText()).isEqualTo("SENT");
        assertThat(json(inHonolulu).get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(json(inHonolulu).get("sendAt").asText()).isEqualTo("2026-11-22T18:00:00Z");
    }

    @Test
    void aMarketingMessageBookedForTheNightMovesToItsEnd() {
        clock.advance(Duration.ofHours(13));

        var booked = send("{\"to\": \"+819012345678\", \"body\": \"Kotae: Sale! Reply STOP to stop.\", \"type\": \"PROMOTIONAL\","
                + " \"sendAt\": \"2026-11-23T22:30:00+09:00\"}", "booked-offer");

        assertThat(json(booked).get("sendAt").asText()).isEqualTo("2026-11-23T23:00:00Z");
        assertThat(json(booked).get("heldFor").asText()).isEqualTo("QUIET_HOURS");
    }

    /**
     * Booked for a minute before the night, it fires ten minutes late (as a firing retried after a throttle does): it
     * is held again until the morning, its record says when, and it goes then, once; Lambda's retry of the late firing,
     * past that firing's deadline, neither fails it nor holds it twice.
     */
    @Test
    void aMarketingMessageWhoseFiringComesInTheNightIsHeldAgainUntilTheMorning() {
        var messageId = bookedForJustBeforeTheNight();
        var booking = scheduleNamed(messageId);

        clock.advance(Duration.between(clock.instant(), LATE_IN_TOKYO));
        standIns.runDue(LATE_IN_TOKYO);
        // Lambda's retry of the same event, past the booked time's deadline: it neither holds the message twice
        // nor fails it, since the message no longer waits for the time that firing was for.
        clock.advance(Duration.ofHours(1));
        firing.fire(booking.input(), target);

        assertThat(simulator.outbox()).isEmpty();
        var nightHold = scheduleNamed(messageId + "-night-" + NEXT_MORNING_IN_TOKYO.getEpochSecond());
        assertThat(nightHold.at()).isEqualTo(NEXT_MORNING_IN_TOKYO);
        assertThat(nightHold.targetArn()).isEqualTo(target);
        assertThat(standIns.scheduler.schedules()).filteredOn(schedule -> schedule.name().startsWith(messageId)).hasSize(1);
        assertThat(message(messageId).get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(message(messageId).get("sendAt").asText()).isEqualTo(NEXT_MORNING_IN_TOKYO.toString());

        clock.advance(Duration.between(clock.instant(), NEXT_MORNING_IN_TOKYO));
        standIns.runDue(NEXT_MORNING_IN_TOKYO);
        assertThat(simulator.outbox()).extracting(sms -> sms.messageBody()).containsExactly("Kotae: Sale! Reply STOP to stop.");
        assertThat(message(messageId).get("status").asText()).isEqualTo("SENT");
    }

    /**
     * Invoked by hand, by the function's unqualified ARN (its $LATEST version), a firing in the night holds the message
     * for the function's alias, the one the schedules' role may invoke.
     */
    @Test
    void aFiringInvokedByHandHoldsTheMessageForTheFunctionsAlias() throws IOException {
        var messageId = bookedForJustBeforeTheNight();
        var booking = scheduleNamed(messageId);
        clock.advance(Duration.between(clock.instant(), LATE_IN_TOKYO));
        var unqualified = target.substring(0, target.lastIndexOf(':'));

        firing.handleRequest(new ByteArrayInputStream(booking.input().getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), LocalLambdaContext.invokingUnqualified(
                        unqualified.substring(unqualified.lastIndexOf(':') + 1)));

        assertThat(standIns.scheduler.schedules()).filteredOn(schedule -> schedule.name().startsWith(messageId + "-night-"))
                .singleElement().satisfies(schedule -> assertThat(schedule.targetArn()).isEqualTo(target));
        assertThat(simulator.outbox()).isEmpty();
    }

    /**
     * A number whose zones never share a daytime (a US toll-free number is every US zone; a day of 06:00 to 10:00 in
     * each): its booking holds it as far as its zones allow, and the firing sends it then instead of holding it again
     * for ever.
     */
    @Test
    void aMessageWhoseZonesShareNoDaytimeIsSentWhenItsBookingFiresNotHeldForEver() {
        var environment = standIns.deployment(Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP", KotaeSettings.QUIET_HOURS, "10:00-06:00"));
        var narrow = Wiring.from(environment, clock);
        var tollFree = "+18005550100";
        narrow.consentService().grant(tollFree, "web-form", "signed up for offers", "arn:aws:iam::123456789012:role/signup");
        var narrowTarget = environment.get(FunctionVariable.SCHEDULED_SEND_TARGET_ARN.name());
        var narrowFiring = new ScheduledSendHandler(narrow);
        standIns.lambda.register(narrowTarget, input -> narrowFiring.fire(input, narrowTarget));

        var event = EventLoader.loadApiGatewayRestEvent("events/send-message.json");
        event.setHeaders(new HashMap<>(event.getHeaders()));
        event.getHeaders().put("Idempotency-Key", "toll-free-offer");
        event.setBody("{\"to\": \"" + tollFree + "\", \"body\": \"Kotae: Sale! Reply STOP to stop.\", \"type\": \"PROMOTIONAL\"}");
        var booked = json(new SendMessageHandler(narrow).handleRequest(event, LocalLambdaContext.invoking("send")));
        var sendAt = Instant.parse(booked.get("sendAt").asText());
        clock.advance(Duration.between(clock.instant(), sendAt));
        standIns.runDue(sendAt);

        assertThat(booked.get("heldFor").asText()).isEqualTo("QUIET_HOURS");
        assertThat(simulator.outbox()).extracting(sms -> sms.destinationPhoneNumber()).containsExactly(tollFree);
    }

    /** Canceled while held again: the cancel finds it SCHEDULED, and its night schedule finds nothing to send. */
    @Test
    void aMessageCanceledWhileHeldAgainForTheNightIsNotSent() {
        var messageId = bookedForJustBeforeTheNight();
        clock.advance(Duration.between(clock.instant(), LATE_IN_TOKYO));
        standIns.runDue(LATE_IN_TOKYO);

        var cancel = EventLoader.loadApiGatewayRestEvent("events/cancel-message.json");
        cancel.setPathParameters(Map.of("messageId", messageId));
        var canceled = new CancelMessageHandler(wiring).handleRequest(cancel, LocalLambdaContext.invoking("cancel"));
        clock.advance(Duration.between(LATE_IN_TOKYO, NEXT_MORNING_IN_TOKYO));
        standIns.runDue(NEXT_MORNING_IN_TOKYO);

        assertThat(canceled.getStatusCode()).isEqualTo(200);
        assertThat(simulator.outbox()).isEmpty();
        assertThat(message(messageId).get("status").asText()).isEqualTo("CANCELED");
    }

    @Test
    void aMarketingMessageInTheDaytimeIsSentNow() {
        clock.advance(Duration.ofHours(13));

        var sent = send("{\"to\": \"+819012345678\", \"body\": \"Kotae: Sale! Reply STOP to stop.\", \"type\": \"PROMOTIONAL\"}", "day-offer");

        assertThat(json(sent).get("status").asText()).isEqualTo("SENT");
    }

    private APIGatewayProxyResponseEvent send(String body, String idempotencyKey) {
        var event = EventLoader.loadApiGatewayRestEvent("events/send-message.json");
        event.setHeaders(new HashMap<>(event.getHeaders()));
        event.getHeaders().put("Idempotency-Key", idempotencyKey);
        event.setBody(body);
        return new SendMessageHandler(wiring).handleRequest(event, LocalLambdaContext.invoking("send"));
    }

    /** A marketing message booked at noon in Tokyo for 20:59 there, a minute before its night: not held. */
    private String bookedForJustBeforeTheNight() {
        clock.advance(Duration.ofHours(13));
        var booked = json(send("{\"to\": \"+819012345678\", \"body\": \"Kotae: Sale! Reply STOP to stop.\","
                + " \"type\": \"PROMOTIONAL\", \"sendAt\": \"2026-11-23T20:59:00+09:00\"}", "evening-offer"));
        assertThat(booked.has("heldFor")).isFalse();
        return booked.get("messageId").asText();
    }

    private SchedulerStandIn.Schedule scheduleNamed(String name) {
        return standIns.scheduler.schedules().stream().filter(schedule -> schedule.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no schedule named " + name));
    }

    private JsonNode message(String messageId) {
        var event = new APIGatewayProxyRequestEvent().withPathParameters(Map.of("messageId", messageId));
        return json(new GetMessageHandler(wiring).handleRequest(event, LocalLambdaContext.invoking("get")));
    }

    private static JsonNode json(APIGatewayProxyResponseEvent response) {
        return TestJson.json(response.getBody());
    }
}
