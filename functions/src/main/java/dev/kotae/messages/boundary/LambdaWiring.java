package dev.kotae.messages.boundary;

import dev.kotae.messages.control.DynamoMessageStore;
import dev.kotae.messages.control.EndUserMessagingGateway;
import dev.kotae.messages.control.MessageService;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.messages.entity.PhoneNumbers;
import dev.kotae.platform.AwsClients;
import dev.kotae.platform.Settings;
import software.amazon.awssdk.http.SdkHttpClient;

import java.time.Clock;
import java.time.Duration;

/** Builds the production object graph from the environment, once per execution environment. */
final class LambdaWiring {

    private LambdaWiring() {
    }

    static MessageStore messageStore(Settings settings) {
        return messageStore(settings, AwsClients.httpClient());
    }

    static MessageService messageService(Settings settings, Clock clock) {
        var http = AwsClients.httpClient();
        var store = messageStore(settings, http);
        var gateway = new EndUserMessagingGateway(AwsClients.sms(http), settings.originationIdentity(),
                settings.configurationSetName());
        return new MessageService(store, gateway, clock);
    }

    private static MessageStore messageStore(Settings settings, SdkHttpClient http) {
        return new DynamoMessageStore(AwsClients.dynamoDb(http), settings.tableName(),
                Duration.ofDays(settings.messageRetentionDays()));
    }

    static SendRequestParser sendRequestParser(Settings settings) {
        return new SendRequestParser(settings.defaultCountry()
                .map(PhoneNumbers::withDefaultCountry)
                .orElseGet(PhoneNumbers::internationalOnly));
    }
}
