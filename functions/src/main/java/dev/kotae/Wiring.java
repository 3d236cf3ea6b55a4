package dev.kotae;

import dev.kotae.conversations.control.ConversationStore;
import dev.kotae.conversations.control.EndUserMessagingOptOuts;
import dev.kotae.conversations.control.EventBridgeConversationEvents;
import dev.kotae.conversations.control.EventRelay;
import dev.kotae.conversations.control.InboundDecider;
import dev.kotae.conversations.control.InboundService;
import dev.kotae.conversations.control.KeywordBooks;
import dev.kotae.conversations.control.ProviderOptOuts;
import dev.kotae.messages.boundary.SendRequestParser;
import dev.kotae.messages.control.DeliveryMetrics;
import dev.kotae.messages.control.DeliveryService;
import dev.kotae.messages.control.EndUserMessagingGateway;
import dev.kotae.messages.control.MessageService;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.platform.AwsClients;
import dev.kotae.platform.InboundSettings;
import dev.kotae.platform.Settings;
import dev.kotae.shared.entity.PhoneNumbers;
import dev.kotae.store.DynamoConversationStore;
import dev.kotae.store.DynamoMessageStore;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;

import java.time.Clock;
import java.time.Duration;

/**
 * The production object graph, built from settings by the handlers' no-argument constructors (and
 * by tests, pointed at local stand-ins). Each SDK client is built on first use and then shared, so
 * a function builds only the clients it needs, once per execution environment.
 */
public final class Wiring {

    private final Settings settings;
    private final Clock clock;
    private SdkHttpClient http;
    private DynamoDbClient dynamo;
    private PinpointSmsVoiceV2Client sms;

    public Wiring(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** With the HTTP client every SDK client shares given, not built: for benchmarks that take the network out. */
    public Wiring(Settings settings, Clock clock, SdkHttpClient http) {
        this(settings, clock);
        this.http = http;
    }

    public static Wiring fromEnvironment() {
        return new Wiring(Settings.fromEnvironment(), Clock.systemUTC());
    }

    public MessageStore messageStore() {
        return new DynamoMessageStore(dynamo(), settings.tableName(), Duration.ofDays(settings.messageRetentionDays()));
    }

    public MessageService messageService() {
        return new MessageService(messageStore(),
                new EndUserMessagingGateway(sms(), settings.originationIdentity(), settings.configurationSetName()),
                clock);
    }

    public DeliveryService deliveryService() {
        return new DeliveryService(messageStore(), new DeliveryMetrics(System.out, clock, settings.stackName()));
    }

    public SendRequestParser sendRequestParser() {
        return new SendRequestParser(phoneNumbers(), KeywordBooks.reserved(settings.keywordOverrides()));
    }

    public PhoneNumbers phoneNumbers() {
        return settings.defaultCountry().map(PhoneNumbers::withDefaultCountry).orElseGet(PhoneNumbers::internationalOnly);
    }

    public ConversationStore conversationStore() {
        return new DynamoConversationStore(dynamo(), settings.tableName(),
                Duration.ofDays(settings.messageRetentionDays()));
    }

    public InboundService inboundService(InboundSettings inbound) {
        var book = KeywordBooks.load(inbound.brandName(), inbound.helpContact(), settings.keywordOverrides());
        ProviderOptOuts optOuts = inbound.optOutListName()
                .<ProviderOptOuts>map(list -> new EndUserMessagingOptOuts(sms(), list))
                .orElse(ProviderOptOuts.NONE);
        return new InboundService(conversationStore(), new InboundDecider(book, !inbound.selfManagedOptOuts()),
                messageService(), optOuts, clock);
    }

    public EventRelay eventRelay(String eventBusName) {
        return new EventRelay(new EventBridgeConversationEvents(AwsClients.eventBridge(http()), eventBusName));
    }

    private synchronized SdkHttpClient http() {
        if (http == null) {
            http = AwsClients.httpClient();
        }
        return http;
    }

    private synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = AwsClients.dynamoDb(http());
        }
        return dynamo;
    }

    private synchronized PinpointSmsVoiceV2Client sms() {
        if (sms == null) {
            sms = AwsClients.sms(http());
        }
        return sms;
    }
}
