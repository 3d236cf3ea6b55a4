package dev.kotae.messages.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
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
                new TreeMap<>(), true, Optional.empty(), Optional.empty());
        assertThat(base.fingerprint()).isNotEqualTo(dryRun.fingerprint());
    }

    private static final SendRequest BASE = new SendRequest("+819012345678", "code 1234", MessageType.TRANSACTIONAL,
            Optional.of(300), Optional.of("0.05"), new TreeMap<>(Map.of("app", "clinic")), false,
            Optional.of(new ExpectReply(List.of("CONFIRM"), Duration.ofHours(24), Optional.of("appt-1"))),
            Optional.of(Instant.parse("2026-12-05T00:00:00Z")));

    /** A retry with the same Idempotency-Key and any member changed is another payload: 422, never a replay. */
    static Stream<Arguments> eachMemberChangedAlone() {
        var reply = BASE.expectReply().orElseThrow();
        return Stream.of(
                Arguments.of("to", change(r -> new SendRequest("+819012345679", r.body(), r.type(), r.timeToLiveSeconds(),
                        r.maxPricePerPart(), r.context(), r.dryRun(), r.expectReply(), r.sendAt()))),
                Arguments.of("body", change(r -> new SendRequest(r.to(), "code 1235", r.type(), r.timeToLiveSeconds(),
                        r.maxPricePerPart(), r.context(), r.dryRun(), r.expectReply(), r.sendAt()))),
                Arguments.of("type", change(r -> new SendRequest(r.to(), r.body(), MessageType.PROMOTIONAL,
                        r.timeToLiveSeconds(), r.maxPricePerPart(), r.context(), r.dryRun(), r.expectReply(), r.sendAt()))),
                Arguments.of("timeToLiveSeconds", change(r -> new SendRequest(r.to(), r.body(), r.type(), Optional.of(301),
                        r.maxPricePerPart(), r.context(), r.dryRun(), r.expectReply(), r.sendAt()))),
                Arguments.of("maxPricePerPart", change(r -> new SendRequest(r.to(), r.body(), r.type(),
                        r.timeToLiveSeconds(), Optional.of("0.06"), r.context(), r.dryRun(), r.expectReply(), r.sendAt()))),
                Arguments.of("context", change(r -> new SendRequest(r.to(), r.body(), r.type(), r.timeToLiveSeconds(),
                        r.maxPricePerPart(), new TreeMap<>(Map.of("app", "pharmacy")), r.dryRun(), r.expectReply(),
                        r.sendAt()))),
                Arguments.of("dryRun", change(r -> new SendRequest(r.to(), r.body(), r.type(), r.timeToLiveSeconds(),
                        r.maxPricePerPart(), r.context(), true, r.expectReply(), r.sendAt()))),
                Arguments.of("expectReply.keywords", change(r -> new SendRequest(r.to(), r.body(), r.type(),
                        r.timeToLiveSeconds(), r.maxPricePerPart(), r.context(), r.dryRun(), Optional.of(new ExpectReply(
                                List.of("CONFIRM", "はい"), reply.timeToLive(), reply.reference())), r.sendAt()))),
                Arguments.of("expectReply.ttlSeconds", change(r -> new SendRequest(r.to(), r.body(), r.type(),
                        r.timeToLiveSeconds(), r.maxPricePerPart(), r.context(), r.dryRun(), Optional.of(new ExpectReply(
                                reply.keywords(), Duration.ofHours(25), reply.reference())), r.sendAt()))),
                Arguments.of("expectReply.reference", change(r -> new SendRequest(r.to(), r.body(), r.type(),
                        r.timeToLiveSeconds(), r.maxPricePerPart(), r.context(), r.dryRun(), Optional.of(new ExpectReply(
                                reply.keywords(), reply.timeToLive(), Optional.of("appt-2"))), r.sendAt()))),
                Arguments.of("expectReply", change(r -> new SendRequest(r.to(), r.body(), r.type(),
                        r.timeToLiveSeconds(), r.maxPricePerPart(), r.context(), r.dryRun(), Optional.empty(), r.sendAt()))),
                Arguments.of("sendAt", change(r -> r.scheduledFor(Instant.parse("2026-12-05T00:01:00Z")))));
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
                context, false, Optional.empty(), Optional.empty());
        var two = new SendRequest("+819012345678", "x", MessageType.TRANSACTIONAL, Optional.empty(), Optional.empty(),
                new TreeMap<>(java.util.Map.of("a", "b", "c", "d")), false, Optional.empty(), Optional.empty());

        assertThat(one.fingerprint()).isNotEqualTo(two.fingerprint());
    }
}
