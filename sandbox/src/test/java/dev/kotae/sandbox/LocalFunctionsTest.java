package dev.kotae.sandbox;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.standins.StandIns;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's functions are given what the stack gives each (the stand-ins' {@code LocalDeployment}, built by the
 * stack's own environment code), not one map with everything: what one function lacks in AWS, it lacks here.
 */
class LocalFunctionsTest {

    /**
     * A message that asks to wait out the night, booked for 20:59 in Tokyo, whose firing comes at 21:09: the
     * scheduled send holds it again, as it does in AWS, with only the scheduled-send function's own settings.
     */
    @Test
    void theScheduledSendHoldsAMessageThatFiresInTheNightWithItsOwnSettings() throws Exception {
        try (var standIns = StandIns.start()) {
            standIns.pointSdkHere();
            var deployment = standIns.deploy(StandIns.settings(Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP")),
                    "kotae-" + UUID.randomUUID(), "kotae-events", StandIns.OUR_NUMBER);
            var noonInTokyo = Clock.fixed(Instant.parse("2026-11-23T03:00:00Z"), ZoneOffset.UTC);
            var booking = new LocalFunctions(deployment, noonInTokyo).sendMessage().invoke(new APIGatewayProxyRequestEvent()
                    .withHttpMethod("POST").withPath("/messages")
                    .withHeaders(new HashMap<>(Map.of("Content-Type", "application/json")))
                    .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withIdentity(
                            new APIGatewayProxyRequestEvent.RequestIdentity().withUserArn(StandIns.LOCAL_DEVELOPER_ROLE)))
                    .withBody("{\"to\": \"+819012345678\", \"body\": \"Your statement is ready\","
                            + " \"respectQuietHours\": true, \"sendAt\": \"2026-11-23T20:59:00+09:00\"}"));
            var messageId = new ObjectMapper().readTree(booking.getBody()).get("messageId").asText();
            var input = standIns.scheduler().schedules().stream().filter(schedule -> schedule.name().equals(messageId))
                    .findFirst().orElseThrow().input();
            var tenPastNine = Clock.fixed(Instant.parse("2026-11-23T12:09:00Z"), ZoneOffset.UTC);

            new LocalFunctions(deployment, tenPastNine).scheduledSend().fire(input, deployment.scheduledSendTarget());

            assertThat(standIns.scheduler().schedules()).filteredOn(schedule -> schedule.name().startsWith(messageId + "-night-"))
                    .singleElement().satisfies(schedule -> {
                        assertThat(schedule.at()).isEqualTo(Instant.parse("2026-11-23T23:00:00Z"));
                        assertThat(schedule.targetArn()).isEqualTo(deployment.scheduledSendTarget());
                    });
            assertThat(standIns.sms().outbox()).isEmpty();
        }
    }
}
