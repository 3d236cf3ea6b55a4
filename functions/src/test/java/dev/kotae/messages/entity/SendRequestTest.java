package dev.kotae.messages.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SendRequestTest {

    @Test
    void fingerprintsDifferWhenAnyMemberDiffers() {
        var base = SendRequest.of("+819012345678", "code 1234");

        assertThat(base.fingerprint()).isEqualTo(SendRequest.of("+819012345678", "code 1234").fingerprint());
        assertThat(base.fingerprint()).isNotEqualTo(SendRequest.of("+819012345678", "code 1235").fingerprint());
        assertThat(base.fingerprint()).isNotEqualTo(SendRequest.of("+819012345679", "code 1234").fingerprint());
        var dryRun = new SendRequest(base.to(), base.body(), base.type(), Optional.empty(), Optional.empty(),
                new TreeMap<>(), true, Optional.empty(), Optional.empty(), Optional.empty(), false);
        assertThat(base.fingerprint()).isNotEqualTo(dryRun.fingerprint());
    }

    private static final SendRequest BASE = new SendRequest("+819012345678", "code 1234", MessageType.TRANSACTIONAL,
            Optional.of(300), Optional.of("0.05"), new TreeMap<>(Map.of("app", "clinic")), false,
            Optional.of(new ExpectReply(List.of("CONFIRM"), Duration.ofHours(24), Optional.of("appt-1"))),
            Optional.of(Instant.parse("2026-12-05T00:00:00Z")), Optional.of(ZoneId.of("Asia/Tokyo")), true);

    /** A retry with the same Idempotency-Key and any member changed is another payload: 422, never a replay. */
    static Stream<Arguments> eachMemberChangedAlone() {
        var reply = BASE.expectReply().orElseThrow();
        return Stream.of(
                Arguments.of("to", change(r -> new SendRequest("+819012345679", r.body(), r.type(), r.timeToLiveSeconds(),
                        r.maxPricePerPart(), r.context(), r.dryRun(), r.expectReply(), r.sendAt(),
                        r.recipientTimeZone(), r.respectQuietHours()))),
                Arguments.of("body", change(r -> new SendRequest(r.to(), "code 1235", r.type(), r.timeToLiveSeconds(),
                        r.maxPricePerPart(), r.context(), r.dryRun(), r.expectReply(), r.sendAt(),
                        r.recipientTimeZone(), r.respectQuietHours()))),
                Arguments.of("type", change(r -> new SendRequest(r.to(), r.body(), MessageType.PROMOTIONAL,
                        r.timeToLiveSeconds(), r.maxPricePerPart(), r.context(), r.dryRun(), r.expectReply(), r.sendAt(),
                        r.recipientTimeZone(), r.respectQuietHours()))),
                Arguments.of("timeToLiveSeconds", change(r -> new SendRequest(r.to(), r.body(), r.type(), Optional.of(301),
                        r.maxPricePerPart(), r.context(), r.dryRun(), r.expectReply(), r.sendAt(),
                        r.recipientTimeZone(), r.respectQuietHours()))),
                Arguments.of("maxPricePerPart", change(r -> new SendRequest(r.to(), r.body(), r.type(),
                        r.timeToLiveSeconds(), Optional.of("0.06"), r.context(), r.dryRun(), r.expectReply(), r.sendAt(),
                        r.recipientTimeZone(), r.respectQuietHours()))),
                Arguments.of("context", change(r -> new SendRequest(r.to(), r.body(), r.type(), r.timeToLiveSeconds(),
                        r.maxPricePerPart(), new TreeMap<>(Map.of("app", "pharmacy")), r.dryRun(), r.expectReply(),
                        r.sendAt(), r.recipientTimeZone(), r.respectQuietHours()))),
                Arguments.of("dryRun", change(r -> new SendRequest(r.to(), r.body(), r.type(), r.timeToLiveSeconds(),
                        r.maxPricePerPart(), r.context(), true, r.expectReply(), r.sendAt(),
                        r.recipientTimeZone(), r.respectQuietHours()))),
                Arguments.of("expectReply.keywords", change(r -> new SendRequest(r.to(), r.body(), r.type(),
                        r.timeToLiveSeconds(), r.maxPricePerPart(), r.context(), r.dryRun(), Optional.of(new ExpectReply(
                                List.of("CONFIRM", "はい"), reply.timeToLive(), reply.reference())), r.sendAt(),
                        r.recipientTimeZone(), r.respectQuietHours()))),
                Arguments.of("expectReply.ttlSeconds", change(r -> new SendRequest(r.to(), r.body(), r.type(),
                        r.timeToLiveSeconds(), r.maxPricePerPart(), r.context(), r.dryRun(), Optional.of(new ExpectReply(
                                reply.keywords(), Duration.ofHours(25), reply.reference())), r.sendAt(),
                        r.recipientTimeZone(), r.respectQuietHours()))),
                Arguments.of("expectReply.reference", change(r -> new SendRequest(r.to(), r.body(), r.type(),
                        r.timeToLiveSeconds(), r.maxPricePerPart(), r.context(), r.dryRun(), Optional.of(new ExpectReply(
                                reply.keywords(), reply.timeToLive(), Optional.of("appt-2"))), r.sendAt(),
                        r.recipientTimeZone(), r.respectQuietHours()))),
                Arguments.of("expectReply", change(r -> new SendRequest(r.to(), r.body(), r.type(),
                        r.timeToLiveSeconds(), r.maxPricePerPart(), r.context(), r.dryRun(), Optional.empty(), r.sendAt(),
                        r.recipientTimeZone(), r.respectQuietHours()))),
                Arguments.of("sendAt", change(r -> r.scheduledFor(Instant.parse("2026-12-05T00:01:00Z")))),
                Arguments.of("recipientTimeZone", change(r -> new SendRequest(r.to(), r.body(), r.type(),
                        r.timeToLiveSeconds(), r.maxPricePerPart(), r.context(), r.dryRun(), r.expectReply(), r.sendAt(),
                        Optional.of(ZoneId.of("Asia/Seoul")), r.respectQuietHours()))),
                Arguments.of("respectQuietHours", change(r -> new SendRequest(r.to(), r.body(), r.type(),
                        r.timeToLiveSeconds(), r.maxPricePerPart(), r.context(), r.dryRun(), r.expectReply(), r.sendAt(),
                        r.recipientTimeZone(), false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachMemberChangedAlone")
    void theFingerprintChangesWithEveryMember(String member, UnaryOperator<SendRequest> change) {
        assertThat(change.apply(BASE).fingerprint()).isNotEqualTo(BASE.fingerprint());
    }

    /** A change to the base request (typed for the table). */
    private static UnaryOperator<SendRequest> change(UnaryOperator<SendRequest> change) {
        return change;
    }

    @Test
    void fingerprintsCannotBeForgedByMovingTextBetweenMembers() {
        var context = new TreeMap<String, String>();
        context.put("a", "b\ncontext.c=1:d");
        var one = new SendRequest("+819012345678", "x", MessageType.TRANSACTIONAL, Optional.empty(), Optional.empty(),
                context, false, Optional.empty(), Optional.empty(), Optional.empty(), false);
        var two = new SendRequest("+819012345678", "x", MessageType.TRANSACTIONAL, Optional.empty(), Optional.empty(),
                new TreeMap<>(java.util.Map.of("a", "b", "c", "d")), false, Optional.empty(), Optional.empty(),
                Optional.empty(), false);

        assertThat(one.fingerprint()).isNotEqualTo(two.fingerprint());
    }
}
