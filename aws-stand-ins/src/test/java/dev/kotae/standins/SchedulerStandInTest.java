package dev.kotae.standins;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scheduler stand-in's REST-JSON answers, as the SDK reads them: each refusal typed as the service types it. */
class SchedulerStandInTest {

    private SchedulerStandIn standIn;
    private SchedulerClient scheduler;
    private String group;

    @BeforeEach
    void start() {
        standIn = SchedulerStandIn.start(0, "ap-northeast-1");
        group = "kotae-schedules";
        standIn.createScheduleGroup(group);
        scheduler = SchedulerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(standIn.endpoint())
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    @AfterEach
    void stop() {
        scheduler.close();
        standIn.close();
    }

    private CreateScheduleRequest schedule(String name, String groupName) {
        return CreateScheduleRequest.builder().name(name).groupName(groupName)
                .scheduleExpression("at(2027-01-05T09:00:00)").scheduleExpressionTimezone("Asia/Tokyo")
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .target(t -> t.arn("arn:aws:lambda:ap-northeast-1:000000000000:function:send:live")
                        .roleArn("arn:aws:iam::000000000000:role/scheduler").input("{}"))
                .clientToken("first")
                .build();
    }

    @Test
    void aScheduleIsCreatedReadAndDeleted() {
        var arn = scheduler.createSchedule(schedule("message-1", group)).scheduleArn();

        assertThat(arn).isEqualTo("arn:aws:scheduler:ap-northeast-1:000000000000:schedule/" + group + "/message-1");
        var read = scheduler.getSchedule(g -> g.name("message-1").groupName(group));
        // 09:00 in Tokyo, read back as the same instant in UTC (the stand-in keeps no time zone), seconds included.
        assertThat(read.scheduleExpression() + " " + read.scheduleExpressionTimezone()).isEqualTo("at(2027-01-05T00:00:00) UTC");
        scheduler.deleteSchedule(d -> d.name("message-1").groupName(group));
        assertThatThrownBy(() -> scheduler.getSchedule(g -> g.name("message-1").groupName(group)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(standIn.calls("CreateSchedule")).isEqualTo(1);
        assertThat(standIn.calls("GetSchedule")).isEqualTo(2);
    }

    @Test
    void aTakenNameUnderAnotherClientTokenIsAConflict() {
        scheduler.createSchedule(schedule("message-1", group));

        assertThatThrownBy(() -> scheduler.createSchedule(schedule("message-1", group).toBuilder().clientToken("second").build()))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void aGroupThatDoesNotExistAndABadNameAreRefusedAsTheServiceRefusesThem() {
        assertThatThrownBy(() -> scheduler.createSchedule(schedule("message-1", "no-such-group")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("no-such-group");
        assertThatThrownBy(() -> scheduler.createSchedule(schedule("message 1", group)))
                .isInstanceOf(ValidationException.class);
        // A full stop may name a schedule, but not be its client token.
        assertThatThrownBy(() -> scheduler.createSchedule(schedule("message.1", group).toBuilder().clientToken("message.1").build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("ClientToken");
    }

    @Test
    void aBodyThatIsNotJsonIsASerializationError() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(standIn.endpoint() + "/schedules/message-1"))
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
        assertThat(response.body()).contains("\"Message\"");
    }
}
