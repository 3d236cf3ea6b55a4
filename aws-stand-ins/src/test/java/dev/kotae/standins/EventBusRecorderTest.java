package dev.kotae.standins;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBusRecorderTest {

    @Test
    void recordsWhatTheSdkPuts() {
        try (var recorder = EventBusRecorder.start(0);
             var events = client(recorder)) {
            var response = events.putEvents(r -> r.entries(e -> e.eventBusName("kotae").source("kotae")
                    .detailType("RecipientOptedOut").detail("{\"phoneNumber\":\"+819012345678\"}")));

            assertThat(response.failedEntryCount()).isZero();
            assertThat(recorder.events()).singleElement().satisfies(event -> {
                assertThat(event.eventId()).isEqualTo(response.entries().get(0).eventId());
                assertThat(event.eventBusName()).isEqualTo("kotae");
                assertThat(event.detailType()).isEqualTo("RecipientOptedOut");
                assertThat(event.detail()).isEqualTo("{\"phoneNumber\":\"+819012345678\"}");
            });
        }
    }

    /** As the service: the default bus and a created one by name or ARN; a missing one, another Region's and a malformed name refused. */
    @Test
    void describesTheBusesThatExistAndRefusesOthers() {
        try (var recorder = EventBusRecorder.start(0);
             var events = client(recorder)) {
            recorder.createEventBus("kotae-events");

            assertThat(events.describeEventBus(r -> { }).name()).isEqualTo("default");
            assertThat(events.describeEventBus(r -> r.name("kotae-events")).arn())
                    .isEqualTo("arn:aws:events:ap-northeast-1:000000000000:event-bus/kotae-events");
            assertThat(events.describeEventBus(r -> r.name("arn:aws:events:ap-northeast-1:000000000000:event-bus/kotae-events"))
                    .name()).isEqualTo("kotae-events");
            assertThatThrownBy(() -> events.describeEventBus(r -> r.name("kotae-other")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> events.describeEventBus(r -> r.name("arn:aws:events:us-east-1:000000000000:event-bus/kotae-events")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> events.describeEventBus(r -> r.name("k".repeat(1601))))
                    .isInstanceOfSatisfying(EventBridgeException.class, e ->
                            assertThat(e.awsErrorDetails().errorMessage()).contains("length between 1 and 1600"));
            assertThatThrownBy(() -> events.describeEventBus(r -> r.name("kotae events")))
                    .isInstanceOfSatisfying(EventBridgeException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        }
    }

    private static EventBridgeClient client(EventBusRecorder recorder) {
        return EventBridgeClient.builder()
                .endpointOverride(recorder.endpoint())
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
