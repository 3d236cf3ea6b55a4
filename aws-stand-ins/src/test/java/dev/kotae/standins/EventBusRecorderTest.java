package dev.kotae.standins;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import static org.assertj.core.api.Assertions.assertThat;

class EventBusRecorderTest {

    @Test
    void recordsWhatTheSdkPuts() {
        try (var recorder = EventBusRecorder.start(0);
             var events = EventBridgeClient.builder()
                     .endpointOverride(recorder.endpoint())
                     .region(Region.AP_NORTHEAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                     .httpClient(UrlConnectionHttpClient.create())
                     .build()) {
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
}
