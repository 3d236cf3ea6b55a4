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
import dev.kotae.consent.control.ConsentService;
import dev.kotae.conversations.control.CommittedEvents;
import dev.kotae.conversations.control.ConversationStore;
import dev.kotae.conversations.control.EventRelay;
import dev.kotae.conversations.control.InboundDecider;
import dev.kotae.conversations.control.InboundService;
import dev.kotae.conversations.control.KeywordBooks;
import dev.kotae.conversations.control.ProviderOptOuts;
import dev.kotae.conversations.control.SmsConfirmationRequests;
import dev.kotae.conversations.entity.KeywordBook;
import dev.kotae.messages.control.ApiSends;
import dev.kotae.messages.control.DeliveryMetrics;
import dev.kotae.messages.control.DeliveryService;
import dev.kotae.messages.control.DueSends;
import dev.kotae.messages.control.EntrySends;
import dev.kotae.messages.control.Handover;
import dev.kotae.messages.control.MessageCancellation;
import dev.kotae.messages.control.MessageScheduler;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.messages.control.PromotionalContent;
import dev.kotae.messages.control.Replies;
import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.messages.entity.CallerQuota;
import dev.kotae.messages.entity.QuietHours;
import dev.kotae.platform.environment.BatchSettings;
import dev.kotae.platform.environment.EventRelaySettings;
import dev.kotae.platform.environment.ConsentSettings;
import dev.kotae.platform.environment.InboundSettings;
import dev.kotae.platform.environment.SchedulingSettings;
import dev.kotae.platform.environment.Settings;
import dev.kotae.shared.entity.PhoneNumbers;
import dev.kotae.store.DynamoBatchStore;
import dev.kotae.store.DynamoCommittedEvents;
import dev.kotae.store.DynamoConsentLedger;
import dev.kotae.store.DynamoConversationStore;
import dev.kotae.store.DynamoMessageStore;
import dev.kotae.store.DynamoPace;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

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
    private final Lazy<Settings> settings;
    private final Lazy<SchedulingSettings> scheduling;
    private final Lazy<BatchSettings> batches;
    private final Lazy<InboundSettings> inbound;
    private final Lazy<ConsentSettings> consent;
    private final Lazy<EventRelaySettings> eventRelay;
    private final Lazy<SdkHttpClient> http;
    private final Lazy<DynamoDbClient> dynamo;
    private final Lazy<PinpointSmsVoiceV2Client> sms;
    private final Lazy<PinpointSmsVoiceV2Client> smsWithoutRetries;
    private final Lazy<SchedulerClient> scheduler;
    private final Lazy<SqsClient> sqs;
    private final Lazy<EventBridgeClient> eventBridge;

    private Wiring(Map<String, String> environment, Clock clock, Supplier<SdkHttpClient> httpClient) {
        this.environment = Map.copyOf(environment);
        this.clock = clock;
        // Each read when first needed, and once: a function is given (and requires) only its own.
        settings = new Lazy<>(() -> Settings.from(this.environment));
        scheduling = new Lazy<>(() -> SchedulingSettings.from(this.environment));
        batches = new Lazy<>(() -> BatchSettings.from(this.environment));
        inbound = new Lazy<>(() -> InboundSettings.from(this.environment));
        consent = new Lazy<>(() -> ConsentSettings.from(this.environment));
        eventRelay = new Lazy<>(() -> EventRelaySettings.from(this.environment));
        http = new Lazy<>(httpClient);
        dynamo = new Lazy<>(() -> AwsClients.dynamoDb(http.get()));
        sms = new Lazy<>(() -> AwsClients.sms(http.get()));
        smsWithoutRetries = new Lazy<>(() -> AwsClients.smsWithoutRetries(http.get()));
        scheduler = new Lazy<>(() -> AwsClients.scheduler(http.get()));
        sqs = new Lazy<>(() -> AwsClients.sqs(http.get()));
        eventBridge = new Lazy<>(() -> AwsClients.eventBridge(http.get()));
    }

    public static Wiring fromEnvironment() {
        return from(System.getenv(), Clock.systemUTC());
    }

    public static Wiring from(Map<String, String> environment, Clock clock) {
        return new Wiring(environment, clock, AwsClients::httpClient);
    }

    /** With the HTTP client every SDK client shares given, not built: for benchmarks that take the network out. */
    public static Wiring from(Map<String, String> environment, Clock clock, SdkHttpClient http) {
        return new Wiring(environment, clock, () -> http);
    }

    public Clock clock() {
        return clock;
    }

    public MessageStore messageStore() {
        return new DynamoMessageStore(dynamo.get(), settings.get().tableName(), messageRetention());
    }

    /** How the deployment reads {@code POST /messages}, and a scheduled message's or a batch entry's request when it goes. */
    public SendRequestCodec sendRequestCodec() {
        return new SendRequestCodec(phoneNumbers(), reservedKeywords(), maxPricePerPart(), clock);
    }

    /** What an API caller sends, now or at its {@code sendAt}. */
    public ApiSends apiSends() {
        return new ApiSends(messageStore(), handover(sms.get()), callerQuota(), messageScheduler(),
                promotionalContent(), quietHours(), clock);
    }

    /** Scheduled messages coming due. */
    public DueSends dueSends() {
        return new DueSends(messageStore(), handover(sms.get()), quietHours(), messageScheduler(), clock);
    }

    /** Batch entries' turns, through an SMS client that does not retry a throttle (the sender puts the entry back). */
    public EntrySends entrySends() {
        return new EntrySends(messageStore(), handover(smsWithoutRetries.get()), clock);
    }

    /** Automatic answers to inbound messages, held to the deployment's destinations. */
    public Replies replies() {
        return new Replies(handover(sms.get()), phoneNumbers(), clock);
    }

    /** The hand-over to End User Messaging every send shares, through {@code client}. */
    private Handover handover(PinpointSmsVoiceV2Client client) {
        return new Handover(messageStore(), new EndUserMessagingGateway(client, settings.get().originationIdentity(),
                settings.get().configurationSetName(), settings.get().protectConfigurationId(), settings.get().maxPricePerPart()),
                clock);
    }

    private Optional<CallerQuota> callerQuota() {
        return settings.get().callerDailyLimit().map(limit -> new CallerQuota(limit, settings.get().callerDailyLimitOverrides()));
    }

    /** The cancel function's: the table and the scheduler, and no SMS client. */
    public MessageCancellation messageCancellation() {
        return new MessageCancellation(messageStore(), messageScheduler(), scheduling.get().cancelAnyPrincipals(), clock);
    }

    private MessageScheduler messageScheduler() {
        return new EventBridgeMessageScheduler(scheduler, scheduling);
    }

    /**
     * The batch API's: the table, the batch queue and, for a batch sent later, the scheduler (whose
     * target, in the create function's environment, is the batch queue); no SMS client.
     */
    public BatchService batchService() {
        return new BatchService(batchStore(), entryQueue(), messageScheduler(), callerQuota(),
                consentLedger(), promotionalContent(),
                quietHours(), batches.get().cancelAnyPrincipals(), batches.get().partsPerSecond(), clock);
    }

    /**
     * The batch sender's: the send path, paced by the number's shared {@link Pace}, with an SMS client
     * that does not retry a throttle (the sender puts the entry back instead), and the scheduler (whose target, as for
     * the create function, is the batch queue) for an entry whose turn comes in its recipient's night.
     */
    public BatchSender batchSender() {
        return new BatchSender(entrySends(), batchStore(), entryQueue(), new DynamoPace(dynamo.get(),
                settings.get().tableName(), settings.get().originationIdentity(), batches.get().partsPerSecond()),
                quietHours(), messageScheduler(), clock);
    }

    private BatchStore batchStore() {
        return new DynamoBatchStore(dynamo.get(), settings.get().tableName(), messageRetention());
    }

    private EntryQueue entryQueue() {
        return new SqsEntryQueue(sqs.get(), batches.get().queueUrl());
    }

    public DeliveryService deliveryService() {
        return new DeliveryService(messageStore(), new DeliveryMetrics(System.out, clock, settings.get().stackName()));
    }

    public PhoneNumbers phoneNumbers() {
        return settings.get().defaultCountry().map(PhoneNumbers::withDefaultCountry).orElseGet(PhoneNumbers::internationalOnly)
                .sendingOnlyTo(settings.get().allowedCountries());
    }

    /** Normalised opt-out, opt-in and help keywords, which no conversation may await. */
    public Set<String> reservedKeywords() {
        return KeywordBooks.reserved(settings.get().keywordOverrides());
    }

    /** The deployment's ceiling on MaxPrice, US dollars per message part, if it sets one. */
    public Optional<BigDecimal> maxPricePerPart() {
        return settings.get().maxPricePerPart();
    }

    /** What every marketing body must say, and the footer that says it where the body does not. */
    public PromotionalContent promotionalContent() {
        return new PromotionalContent(settings.get().brandName(), settings.get().promotionalFooter());
    }

    /** The consent API's: the ledger, and the send path for a double opt-in's confirmation request. */
    public ConsentService consentService() {
        return new ConsentService(consentLedger(),
                new SmsConfirmationRequests(apiSends(), keywordBook(), consent.get().consentWindow()), clock);
    }

    /** Each number's consent and its history, as the table keeps them. */
    public DynamoConsentLedger consentLedger() {
        return new DynamoConsentLedger(dynamo.get(), settings.get().tableName());
    }

    /** The recipients' night ({@code kotae:quietHours}), when marketing and what asks to wait. */
    private QuietHours quietHours() {
        return QuietHours.parse(settings.get().quietHours());
    }

    /** What Kotae's own texts say, the deployment's overrides on the defaults: the inbound answers, a consent request. */
    private KeywordBook keywordBook() {
        return KeywordBooks.load(settings.get().brandName(), consent.get().helpContact(), settings.get().keywordOverrides());
    }

    public ConversationStore conversationStore() {
        return new DynamoConversationStore(dynamo.get(), settings.get().tableName(), messageRetention());
    }

    public InboundService inboundService() {
        var book = keywordBook();
        ProviderOptOuts optOuts = inbound.get().optOutListName()
                .<ProviderOptOuts>map(list -> new EndUserMessagingOptOuts(sms.get(), list))
                .orElse(ProviderOptOuts.NONE);
        return new InboundService(conversationStore(), new InboundDecider(book, !inbound.get().selfManagedOptOuts(),
                consent.get().consentWindow()),
                replies(), optOuts, clock);
    }

    public EventRelay eventRelay() {
        return new EventRelay(new EventBridgeConversationEvents(eventBridge.get(), eventRelay.get().eventBusName()));
    }

    public CommittedEvents committedEvents() {
        return new DynamoCommittedEvents();
    }

    /** The custom resource's: it needs End User Messaging only, and none of the functions' settings. */
    public TwoWayChannels twoWayChannels() {
        return new TwoWayChannels(sms.get());
    }

    /** The destinations custom resource's: End User Messaging only, as for the two-way one. */
    public ProtectConfigurations protectConfigurations() {
        return new ProtectConfigurations(sms.get());
    }

    private Duration messageRetention() {
        return Duration.ofDays(settings.get().messageRetentionDays());
    }

    /** A value built on first use, then kept: one per execution environment for a client, one read for settings. */
    private static final class Lazy<T> implements Supplier<T> {

        private final Supplier<T> build;
        private T value;

        Lazy(Supplier<T> build) {
            this.build = build;
        }

        @Override
        public synchronized T get() {
            if (value == null) {
                value = build.get();
            }
            return value;
        }
    }
}
