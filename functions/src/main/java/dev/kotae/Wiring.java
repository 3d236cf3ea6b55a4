package dev.kotae;

import dev.kotae.aws.AwsClients;
import dev.kotae.aws.EndUserMessagingGateway;
import dev.kotae.aws.EndUserMessagingOptOuts;
import dev.kotae.aws.EventBridgeConversationEvents;
import dev.kotae.aws.EventBridgeMessageScheduler;
import dev.kotae.aws.ProtectConfigurations;
import dev.kotae.aws.SqsEntryQueue;
import dev.kotae.aws.TwoWayChannels;
import dev.kotae.batches.control.BatchSender;
import dev.kotae.batches.control.BatchService;
import dev.kotae.batches.control.BatchStore;
import dev.kotae.batches.control.EntryQueue;
import dev.kotae.batches.control.Pace;
import dev.kotae.conversations.control.CommittedEvents;
import dev.kotae.conversations.control.ConversationStore;
import dev.kotae.conversations.control.EventRelay;
import dev.kotae.conversations.control.InboundDecider;
import dev.kotae.conversations.control.InboundService;
import dev.kotae.conversations.control.KeywordBooks;
import dev.kotae.conversations.control.ProviderOptOuts;
import dev.kotae.messages.control.ApiSends;
import dev.kotae.messages.control.DeliveryMetrics;
import dev.kotae.messages.control.DeliveryService;
import dev.kotae.messages.control.DueSends;
import dev.kotae.messages.control.EntrySends;
import dev.kotae.messages.control.Handover;
import dev.kotae.messages.control.MessageCancellation;
import dev.kotae.messages.control.MessageScheduler;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.messages.control.Replies;
import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.messages.entity.CallerQuota;
import dev.kotae.platform.environment.BatchSettings;
import dev.kotae.platform.environment.EventRelaySettings;
import dev.kotae.platform.environment.InboundSettings;
import dev.kotae.platform.environment.SchedulingSettings;
import dev.kotae.platform.environment.Settings;
import dev.kotae.shared.entity.PhoneNumbers;
import dev.kotae.store.DynamoBatchStore;
import dev.kotae.store.DynamoCommittedEvents;
import dev.kotae.store.DynamoConversationStore;
import dev.kotae.store.DynamoMessageStore;
import dev.kotae.store.DynamoPace;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The production object graph, built from a function's environment: by each handler's no-argument
 * constructor from the process's, and by tests, the sandbox and benchmarks from the stand-ins'
 * (each handler has a constructor taking a {@code Wiring}). Settings are read when first needed, so
 * a function reads, and requires, only its own; each SDK client is built on first use and then
 * shared, once per execution environment.
 */
public final class Wiring {

    private final Map<String, String> environment;
    private final Clock clock;
    private Settings settings;
    private SdkHttpClient http;
    private DynamoDbClient dynamo;
    private PinpointSmsVoiceV2Client sms;
    private SchedulerClient scheduler;
    private SchedulingSettings scheduling;
    private BatchSettings batches;
    private SqsClient sqs;

    private Wiring(Map<String, String> environment, Clock clock, SdkHttpClient http) {
        this.environment = Map.copyOf(environment);
        this.clock = clock;
        this.http = http;
    }

    public static Wiring fromEnvironment() {
        return from(System.getenv(), Clock.systemUTC());
    }

    public static Wiring from(Map<String, String> environment, Clock clock) {
        return new Wiring(environment, clock, null);
    }

    /** With the HTTP client every SDK client shares given, not built: for benchmarks that take the network out. */
    public static Wiring from(Map<String, String> environment, Clock clock, SdkHttpClient http) {
        return new Wiring(environment, clock, http);
    }

    public Clock clock() {
        return clock;
    }

    public MessageStore messageStore() {
        return new DynamoMessageStore(dynamo(), settings().tableName(), messageRetention());
    }

    /** How the deployment reads {@code POST /messages}, and a scheduled message's or a batch entry's request when it goes. */
    public SendRequestCodec sendRequestCodec() {
        return new SendRequestCodec(phoneNumbers(), reservedKeywords(), maxPricePerPart(), clock);
    }

    /** What an API caller sends, now or at its {@code sendAt}. */
    public ApiSends apiSends() {
        return new ApiSends(messageStore(), handover(sms()), callerQuota(), messageScheduler(), clock);
    }

    /** Scheduled messages coming due. */
    public DueSends dueSends() {
        return new DueSends(messageStore(), handover(sms()), clock);
    }

    /** Batch entries' turns, through an SMS client that does not retry a throttle (the sender puts the entry back). */
    public EntrySends entrySends() {
        return new EntrySends(messageStore(), handover(AwsClients.smsWithoutRetries(http())), clock);
    }

    /** Automatic answers to inbound messages, held to the deployment's destinations. */
    public Replies replies() {
        return new Replies(handover(sms()), phoneNumbers(), clock);
    }

    /** The hand-over to End User Messaging every send shares, through {@code client}. */
    private Handover handover(PinpointSmsVoiceV2Client client) {
        return new Handover(messageStore(), new EndUserMessagingGateway(client, settings().originationIdentity(),
                settings().configurationSetName(), settings().protectConfigurationId(), settings().maxPricePerPart()),
                clock);
    }

    private Optional<CallerQuota> callerQuota() {
        return settings().callerDailyLimit().map(limit -> new CallerQuota(limit, settings().callerDailyLimitOverrides()));
    }

    /** The cancel function's: the table and the scheduler, and no SMS client. */
    public MessageCancellation messageCancellation() {
        return new MessageCancellation(messageStore(), messageScheduler(), scheduling().cancelAnyPrincipals(), clock);
    }

    private MessageScheduler messageScheduler() {
        return new EventBridgeMessageScheduler(this::scheduler, this::scheduling);
    }

    /**
     * The batch API's: the table, the batch queue and, for a batch sent later, the scheduler (whose
     * target, in the create function's environment, is the batch queue); no SMS client.
     */
    public BatchService batchService() {
        return new BatchService(batchStore(), entryQueue(), messageScheduler(), callerQuota(),
                batches().cancelAnyPrincipals(), batches().partsPerSecond(), clock);
    }

    /**
     * The batch sender's: the send path, paced by the number's shared {@link Pace}, with an SMS client
     * that does not retry a throttle (the sender puts the entry back instead).
     */
    public BatchSender batchSender() {
        return new BatchSender(entrySends(), batchStore(), entryQueue(), new DynamoPace(dynamo(),
                settings().tableName(), settings().originationIdentity(), batches().partsPerSecond()), clock);
    }

    private BatchStore batchStore() {
        return new DynamoBatchStore(dynamo(), settings().tableName(), messageRetention());
    }

    private EntryQueue entryQueue() {
        return new SqsEntryQueue(sqs(), batches().queueUrl());
    }

    public DeliveryService deliveryService() {
        return new DeliveryService(messageStore(), new DeliveryMetrics(System.out, clock, settings().stackName()));
    }

    public PhoneNumbers phoneNumbers() {
        return settings().defaultCountry().map(PhoneNumbers::withDefaultCountry).orElseGet(PhoneNumbers::internationalOnly)
                .sendingOnlyTo(settings().allowedCountries());
    }

    /** Normalised opt-out, opt-in and help keywords, which no conversation may await. */
    public Set<String> reservedKeywords() {
        return KeywordBooks.reserved(settings().keywordOverrides());
    }

    /** The deployment's ceiling on MaxPrice, US dollars per message part, if it sets one. */
    public Optional<BigDecimal> maxPricePerPart() {
        return settings().maxPricePerPart();
    }

    public ConversationStore conversationStore() {
        return new DynamoConversationStore(dynamo(), settings().tableName(), messageRetention());
    }

    public InboundService inboundService() {
        var inbound = InboundSettings.from(environment);
        var book = KeywordBooks.load(inbound.brandName(), inbound.helpContact(), settings().keywordOverrides());
        ProviderOptOuts optOuts = inbound.optOutListName()
                .<ProviderOptOuts>map(list -> new EndUserMessagingOptOuts(sms(), list))
                .orElse(ProviderOptOuts.NONE);
        return new InboundService(conversationStore(), new InboundDecider(book, !inbound.selfManagedOptOuts()),
                replies(), optOuts, clock);
    }

    public EventRelay eventRelay() {
        var relay = EventRelaySettings.from(environment);
        return new EventRelay(new EventBridgeConversationEvents(AwsClients.eventBridge(http()), relay.eventBusName()));
    }

    public CommittedEvents committedEvents() {
        return new DynamoCommittedEvents();
    }

    /** The custom resource's: it needs End User Messaging only, and none of the functions' settings. */
    public TwoWayChannels twoWayChannels() {
        return new TwoWayChannels(sms());
    }

    /** The destinations custom resource's: End User Messaging only, as for the two-way one. */
    public ProtectConfigurations protectConfigurations() {
        return new ProtectConfigurations(sms());
    }

    private synchronized Settings settings() {
        if (settings == null) {
            settings = Settings.from(environment);
        }
        return settings;
    }

    private Duration messageRetention() {
        return Duration.ofDays(settings().messageRetentionDays());
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

    /** Read when first needed: only the functions that book or cancel scheduled messages are given them. */
    private synchronized SchedulingSettings scheduling() {
        if (scheduling == null) {
            scheduling = SchedulingSettings.from(environment);
        }
        return scheduling;
    }

    /** Read when first needed: only the batch functions are given them. */
    private synchronized BatchSettings batches() {
        if (batches == null) {
            batches = BatchSettings.from(environment);
        }
        return batches;
    }

    private synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = AwsClients.sqs(http());
        }
        return sqs;
    }

    private synchronized SchedulerClient scheduler() {
        if (scheduler == null) {
            scheduler = AwsClients.scheduler(http());
        }
        return scheduler;
    }

    private synchronized PinpointSmsVoiceV2Client sms() {
        if (sms == null) {
            sms = AwsClients.sms(http());
        }
        return sms;
    }
}
