package dev.kotae.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.kotae.sms.SmsCountries;
import dev.kotae.sms.SmsEncoding;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for AWS End User Messaging SMS (API {@code PinpointSMSVoiceV2}) for the
 * operations Kotae calls: SendTextMessage, PutOptedOutNumber, DeleteOptedOutNumber,
 * DescribePhoneNumbers, UpdatePhoneNumber, DescribePools and UpdatePool; the protect configurations'
 * CreateProtectConfiguration, GetProtectConfigurationCountryRuleSet, UpdateProtectConfigurationCountryRuleSet,
 * DescribeProtectConfigurations, SetAccountDefaultProtectConfiguration and
 * DeleteAccountDefaultProtectConfiguration; and what a pre-deploy check reads of the account:
 * DescribeAccountAttributes (its tier) and DescribeSpendLimits.
 *
 * <p>It behaves like the service where Kotae depends on it: E.164 checks, AWS's simulator
 * destinations ({@value #DELIVERING_DESTINATION} delivers, {@value #FAILING_DESTINATION} is accepted
 * and never delivered), opt-out lists that refuse
 * sends ({@code ConflictException DESTINATION_PHONE_NUMBER_OPTED_OUT}) and allow one removal per
 * number every 30 days, unknown resources ({@code ResourceNotFoundException}), and injectable faults.
 * AWS does not document which error the 30-day rule raises; the simulator answers ValidationException.
 *
 * <p>Destinations are guarded as the service guards them: a send is judged by the protect configuration
 * it names, else by its configuration set's, else by the account's default (User Guide, "Using protect
 * configurations": that order), and refused where that configuration blocks the destination's country.
 * Each protect configuration's rule set lists every country the service sends to ({@link
 * #offerCountries}, by default {@link SmsCountries#SUPPORTED}), ALLOW until set otherwise. A configuration
 * set must exist to be named ({@link #createConfigurationSet}).
 *
 * <p>Prices are per part and per destination country ({@link #pricePerPart}, illustrative: JP 0.0752, US
 * 0.00581, every other country 0.05 US dollars): a send whose MaxPrice, the most the whole message may
 * cost (API reference, SendTextMessage: "per each text message"), is under its parts times its price is
 * refused with ValidationException {@code PRICE_OVER_THRESHOLD}.
 *
 * <p>Throughput is limited as the service limits it: in message parts per second per origination
 * identity (User Guide, "What are the Message Parts per Second (MPS) limits"), answered with
 * ThrottlingException above it. Each identity has a token bucket holding one second of parts, filled
 * at the limit ({@link #limitPartsPerSecond}); none until a limit is set.
 */
public final class SmsSimulator extends JsonProtocolServer {

    public static final String DEFAULT_OPT_OUT_LIST = "Default";
    /** AWS's simulator destinations: one always delivers, one always fails after being accepted. */
    public static final String DELIVERING_DESTINATION = "+14254147755";
    public static final String FAILING_DESTINATION = "+14254147167";

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final int MAX_BODY_CHARACTERS = 1600;
    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();
    private static final Duration OPT_IN_INTERVAL = Duration.ofDays(30);
    private static final Map<String, BigDecimal> DEFAULT_PRICES_PER_PART = Map.of(
            "JP", new BigDecimal("0.0752"), "US", new BigDecimal("0.00581"));
    private static final BigDecimal OTHER_PRICE_PER_PART = new BigDecimal("0.05");
    private static final Pattern MAX_PRICE = Pattern.compile("[0-9]{0,2}\\.[0-9]{1,5}");

    private final Clock clock;
    private final List<AcceptedMessage> outbox = new ArrayList<>();
    private final List<RefusedSend> refused = new ArrayList<>();
    /** Each accepted message's delivery events so far, by message id, in the order they went out. */
    private final Map<String, List<String>> deliveryEventTypes = new HashMap<>();
    private final Map<String, Map<String, Instant>> optOutLists = new HashMap<>();
    private final Map<String, Instant> lastRemoval = new HashMap<>();
    private final Map<String, Origination> originations = new LinkedHashMap<>();
    private final Map<String, FaultPlan> faults = new HashMap<>();
    /** The countries this service sends SMS to: every protect configuration's rule set lists exactly these. */
    private Set<String> offeredCountries = SmsCountries.SUPPORTED;
    /** Each protect configuration's SMS rule set: country → ALLOW, BLOCK, MONITOR or FILTER. */
    private final Map<String, Map<String, String>> protectConfigurations = new LinkedHashMap<>();
    /** The account's configuration sets, each with the protect configuration associated with it, if any. */
    private final Map<String, Optional<String>> configurationSets = new HashMap<>();
    private Optional<String> accountDefaultProtectConfiguration = Optional.empty();
    private final Map<String, BigDecimal> pricesPerPart = new HashMap<>(DEFAULT_PRICES_PER_PART);
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(runnable -> {
        var thread = new Thread(runnable, "sms-simulator-deliveries");
        thread.setDaemon(true);
        return thread;
    });
    /** Accepted messages whose delivery events have not all gone out yet. */
    private final AtomicInteger deliveriesUnderWay = new AtomicInteger();
    private volatile Consumer<String> deliveryEvents = event -> { };
    private int partsPerSecond;
    /** DescribeAccountAttributes' ACCOUNT_TIER: PRODUCTION, or SANDBOXED as for a new account. */
    private String accountTier = "PRODUCTION";
    /** The text spend limit DescribeSpendLimits enforces, in US dollars (a new account's is 1). */
    private long textSpendLimit = 100;
    private final Map<String, PartBucket> buckets = new HashMap<>();
    private long throttled;
    /** Each operation the simulator answers, and how. */
    private final Map<String, Function<JsonNode, ObjectNode>> operations = Map.ofEntries(
            Map.entry("SendTextMessage", this::sendTextMessage),
            Map.entry("PutOptedOutNumber", this::putOptedOutNumber),
            Map.entry("DeleteOptedOutNumber", this::deleteOptedOutNumber),
            Map.entry("DescribePhoneNumbers", request -> describe(request, "PhoneNumberIds", "phone-number", "PhoneNumbers")),
            Map.entry("DescribePools", request -> describe(request, "PoolIds", "pool", "Pools")),
            Map.entry("UpdatePhoneNumber", request -> update(request, "PhoneNumberId", "phone-number")),
            Map.entry("UpdatePool", request -> update(request, "PoolId", "pool")),
            Map.entry("DescribeAccountAttributes", request -> accountAttributes()),
            Map.entry("DescribeSpendLimits", request -> spendLimits()),
            Map.entry("CreateProtectConfiguration", request -> createdProtectConfiguration(createProtectConfiguration())),
            Map.entry("GetProtectConfigurationCountryRuleSet", this::countryRuleSet),
            Map.entry("UpdateProtectConfigurationCountryRuleSet", this::updateCountryRuleSet),
            Map.entry("DescribeProtectConfigurations", this::describeProtectConfigurations),
            Map.entry("SetAccountDefaultProtectConfiguration", this::setAccountDefaultProtectConfiguration),
            Map.entry("DeleteAccountDefaultProtectConfiguration", request -> deleteAccountDefaultProtectConfiguration()));

    private SmsSimulator(int port, Clock clock) {
        super(port, "PinpointSMSVoiceV2", "application/x-amz-json-1.0");
        this.clock = clock;
        optOutLists.put(DEFAULT_OPT_OUT_LIST, new LinkedHashMap<>());
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. */
    public static SmsSimulator start(int port) {
        return start(port, Clock.systemUTC());
    }

    public static SmsSimulator start(int port, Clock clock) {
        return new SmsSimulator(port, clock);
    }

    /**
     * How many accepted messages still have delivery events to send to their configuration set's destination:
     * none once every event has been handed over.
     */
    public int deliveriesUnderWay() {
        return deliveriesUnderWay.get();
    }

    /** Messages accepted for delivery, oldest first. */
    public synchronized List<AcceptedMessage> outbox() {
        return List.copyOf(outbox);
    }

    /** SendTextMessage calls refused (faults, throttling, opt-outs, invalid input), oldest first; dry runs aside. */
    public synchronized List<RefusedSend> refusedSends() {
        return List.copyOf(refused);
    }

    /** The delivery event types sent so far for an accepted message, oldest first: empty until the first. */
    public synchronized List<String> deliveryEventTypes(String messageId) {
        return List.copyOf(deliveryEventTypes.getOrDefault(messageId, List.of()));
    }

    /** The faults still waiting for their calls: operation, fault, and how many calls it still refuses. */
    public synchronized List<PendingFault> pendingFaults() {
        return faults.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> new PendingFault(entry.getKey(), entry.getValue().fault(), entry.getValue().remaining()))
                .toList();
    }

    /** A fault injected with {@link #injectFault} that has calls left to refuse. */
    public record PendingFault(String operation, Fault fault, int remaining) {
    }

    /** Puts a number on the default opt-out list, as if it had texted STOP. */
    public synchronized void optOut(String phoneNumber) {
        optOutLists.get(DEFAULT_OPT_OUT_LIST).put(phoneNumber, clock.instant());
    }

    public synchronized void createOptOutList(String name) {
        optOutLists.putIfAbsent(name, new LinkedHashMap<>());
    }

    public synchronized boolean isOptedOut(String listName, String phoneNumber) {
        return optOutLists.getOrDefault(listName, Map.of()).containsKey(phoneNumber);
    }

    /** Makes a phone number or pool known, as if it had been provisioned in the account. */
    public synchronized void register(Origination origination) {
        originations.put(origination.id(), origination);
    }

    public synchronized Optional<Origination> origination(String id) {
        return Optional.ofNullable(originations.get(id));
    }

    /**
     * Where delivery events go, as a configuration set's event destination would send them: for each
     * accepted message TEXT_SUCCESSFUL, then TEXT_DELIVERED, or TEXT_CARRIER_UNREACHABLE for the
     * failing destination. Each event is the documented JSON, with the send's context.
     */
    public void onDeliveryEvent(Consumer<String> destination) {
        this.deliveryEvents = destination;
    }

    /**
     * The next {@code count} calls of {@code operation} fail with {@code fault}.
     *
     * @throws IllegalArgumentException for an operation the simulator does not answer: its fault would never fire
     */
    public synchronized void injectFault(String operation, Fault fault, int count) {
        if (!operations.containsKey(operation)) {
            throw new IllegalArgumentException("The simulator answers " + String.join(", ", operations())
                    + "; not " + operation + ".");
        }
        faults.put(operation, new FaultPlan(fault, count));
    }

    /**
     * Each origination identity may send {@code limit} message parts a second from now on, with a
     * second's worth at once; 0 lifts the limit.
     */
    public synchronized void limitPartsPerSecond(int limit) {
        partsPerSecond = limit;
        buckets.clear();
    }

    /** The account as DescribeAccountAttributes and DescribeSpendLimits describe it. */
    public synchronized void describeAccount(String tier, long textSpendLimitUsd) {
        accountTier = tier;
        textSpendLimit = textSpendLimitUsd;
    }

    /** What one part to {@code country} costs from now on, in US dollars. */
    public synchronized void pricePerPart(String country, BigDecimal price) {
        pricesPerPart.put(country, price);
    }

    /** How many sends the parts-per-second limit refused with ThrottlingException. */
    public synchronized long throttledSends() {
        return throttled;
    }

    /** Forgets messages, opt-outs, numbers, faults, limits and call counts. */
    public synchronized void reset() {
        outbox.clear();
        refused.clear();
        deliveryEventTypes.clear();
        optOutLists.clear();
        optOutLists.put(DEFAULT_OPT_OUT_LIST, new LinkedHashMap<>());
        lastRemoval.clear();
        originations.clear();
        protectConfigurations.clear();
        configurationSets.clear();
        accountDefaultProtectConfiguration = Optional.empty();
        offeredCountries = SmsCountries.SUPPORTED;
        pricesPerPart.clear();
        pricesPerPart.putAll(DEFAULT_PRICES_PER_PART);
        faults.clear();
        partsPerSecond = 0;
        buckets.clear();
        accountTier = "PRODUCTION";
        textSpendLimit = 100;
        throttled = 0;
        forgetCalls();
    }

    @Override
    protected synchronized ObjectNode answer(String operation, JsonNode request) {
        try {
            takeFault(operation).ifPresent(fault -> {
                throw new AwsError(fault.status, fault.type, fault.reason, fault.message);
            });
            return call(operation, request);
        } catch (AwsError error) {
            // A dry run reaches no phone whatever the answer; only real sends are a phone's history.
            if (operation.equals("SendTextMessage") && !request.path("DryRun").asBoolean(false)) {
                refused.add(new RefusedSend(request.path("OriginationIdentity").asText(null),
                        request.path("DestinationPhoneNumber").asText(""), request.path("MessageBody").asText(""),
                        context(request), clock.instant(), error.type, error.reason, error.getMessage()));
            }
            throw error;
        }
    }

    private ObjectNode call(String operation, JsonNode request) {
        var answer = operations.get(operation);
        if (answer == null) {
            throw new AwsError(400, "UnknownOperationException", null,
                    "The simulator does not implement " + operation + ".");
        }
        return answer.apply(request);
    }

    /** The operations the simulator answers, by name: what a fault can be injected into. */
    public SortedSet<String> operations() {
        return new TreeSet<>(operations.keySet());
    }

    private Optional<Fault> takeFault(String operation) {
        var plan = faults.get(operation);
        if (plan == null) {
            return Optional.empty();
        }
        if (plan.remaining <= 1) {
            faults.remove(operation);
        } else {
            faults.put(operation, new FaultPlan(plan.fault, plan.remaining - 1));
        }
        return Optional.of(plan.fault);
    }

    /**
     * A protect configuration as CloudFormation creates one without a rule set
     * ({@code AWS::SMSVOICE::ProtectConfiguration}): every country the service sends to ALLOW. Returns its id.
     */
    public synchronized String createProtectConfiguration() {
        var id = "protect-" + UUID.randomUUID().toString().replace("-", "");
        var rules = new java.util.TreeMap<String, String>();
        offeredCountries.forEach(country -> rules.put(country, "ALLOW"));
        protectConfigurations.put(id, rules);
        return id;
    }

    private ObjectNode createdProtectConfiguration(String id) {
        return object().put("ProtectConfigurationArn", protectConfigurationArn(id)).put("ProtectConfigurationId", id)
                .put("CreatedTimestamp", clock.instant().getEpochSecond()).put("AccountDefault", false)
                .put("DeletionProtectionEnabled", false);
    }

    /** A protect configuration's SMS rule set as it stands: country → ALLOW, BLOCK, MONITOR or FILTER. */
    public synchronized Map<String, String> countryRules(String protectConfigurationId) {
        return Map.copyOf(protectConfigurations.get(protectConfigurationId));
    }

    /** The protect configuration that judges a send naming none, its configuration set's neither. */
    public synchronized Optional<String> accountDefaultProtectConfiguration() {
        return accountDefaultProtectConfiguration;
    }

    /**
     * The countries this service sends SMS to from now on (and protect configurations created from now on
     * list): a test of what Kotae does with a list other than its own.
     */
    public synchronized void offerCountries(Set<String> countries) {
        offeredCountries = Set.copyOf(countries);
    }

    /**
     * A configuration set of the account ({@code AWS::SMSVOICE::ConfigurationSet}), with the protect
     * configuration associated with it, if any.
     */
    public synchronized void createConfigurationSet(String name, Optional<String> protectConfigurationId) {
        configurationSets.put(name, protectConfigurationId);
    }

    /**
     * Which protect configuration judges a send: the one it names, else its configuration set's, else
     * the account's default (User Guide, "Using protect configurations").
     */
    private Optional<String> protectConfigurationFor(JsonNode request) {
        var named = Optional.ofNullable(request.path("ProtectConfigurationId").asText(null)).map(this::protectConfigurationId);
        if (named.isPresent()) {
            return named;
        }
        var set = request.path("ConfigurationSetName").asText(null);
        if (set != null) {
            var name = set.substring(set.lastIndexOf('/') + 1);
            if (!configurationSets.containsKey(name)) {
                throw notFound("configuration-set", set);
            }
            if (configurationSets.get(name).isPresent()) {
                return configurationSets.get(name);
            }
        }
        return accountDefaultProtectConfiguration;
    }

    private String protectConfigurationId(String idOrArn) {
        var id = idOrArn.substring(idOrArn.lastIndexOf('/') + 1);
        if (!protectConfigurations.containsKey(id)) {
            throw notFound("protect-configuration", idOrArn);
        }
        return id;
    }

    private static String protectConfigurationArn(String id) {
        return "arn:aws:sms-voice:ap-northeast-1:123456789012:protect-configuration/" + id;
    }

    private ObjectNode countryRuleSet(JsonNode request) {
        var id = protectConfigurationId(request.path("ProtectConfigurationId").asText(""));
        smsCapability(request);
        return ruleSetAnswer(id);
    }

    /** UpdateProtectConfigurationCountryRuleSet (API reference): 1 to 300 countries, each one the service knows. */
    private ObjectNode updateCountryRuleSet(JsonNode request) {
        var id = protectConfigurationId(request.path("ProtectConfigurationId").asText(""));
        smsCapability(request);
        var updates = request.path("CountryRuleSetUpdates");
        if (!updates.isObject() || updates.size() < 1 || updates.size() > 300) {
            throw validation("CountryRuleSetUpdates", "Must hold 1 to 300 countries.");
        }
        var rules = protectConfigurations.get(id);
        updates.properties().forEach(update -> {
            var status = update.getValue().path("ProtectStatus").asText("");
            if (!rules.containsKey(update.getKey())) {
                throw validation("CountryRuleSetUpdates", update.getKey() + " is not a country the service sends SMS to.");
            }
            if (!Set.of("ALLOW", "BLOCK", "MONITOR", "FILTER").contains(status)) {
                throw validation("ProtectStatus", "Must be ALLOW, BLOCK, MONITOR or FILTER.");
            }
        });
        updates.properties().forEach(update -> rules.put(update.getKey(), update.getValue().get("ProtectStatus").asText()));
        return ruleSetAnswer(id);
    }

    /** This simulator holds SMS rules only, the capability Kotae uses. */
    private void smsCapability(JsonNode request) {
        if (!"SMS".equals(request.path("NumberCapability").asText())) {
            throw validation("NumberCapability", "The simulator holds SMS rule sets only.");
        }
    }

    private ObjectNode ruleSetAnswer(String id) {
        var answer = object().put("ProtectConfigurationArn", protectConfigurationArn(id))
                .put("ProtectConfigurationId", id).put("NumberCapability", "SMS");
        var rules = answer.putObject("CountryRuleSet");
        protectConfigurations.get(id).forEach((country, status) -> rules.putObject(country).put("ProtectStatus", status));
        return answer;
    }

    /** The named protect configurations, or every one, kept to those its {@code account-default} filter asks for. */
    private ObjectNode describeProtectConfigurations(JsonNode request) {
        var ids = new ArrayList<String>();
        if (request.has("ProtectConfigurationIds")) {
            request.get("ProtectConfigurationIds").forEach(id -> ids.add(protectConfigurationId(id.asText())));
        } else {
            ids.addAll(protectConfigurations.keySet());
        }
        for (var filter : request.path("Filters")) {
            if (!filter.path("Name").asText().equals("account-default")) {
                throw validation("Filters", "The simulator filters by account-default only.");
            }
            var wanted = new java.util.HashSet<Boolean>();
            filter.path("Values").forEach(value -> wanted.add(Boolean.parseBoolean(value.asText())));
            ids.removeIf(id -> !wanted.contains(accountDefaultProtectConfiguration.filter(id::equals).isPresent()));
        }
        var answer = object();
        var list = answer.putArray("ProtectConfigurations");
        ids.forEach(id -> list.addObject().put("ProtectConfigurationArn", protectConfigurationArn(id))
                .put("ProtectConfigurationId", id).put("CreatedTimestamp", 1_764_460_800L)
                .put("AccountDefault", accountDefaultProtectConfiguration.filter(id::equals).isPresent())
                .put("DeletionProtectionEnabled", false));
        return answer;
    }

    /** Replaces whatever default the account had (API reference, SetAccountDefaultProtectConfiguration). */
    private ObjectNode setAccountDefaultProtectConfiguration(JsonNode request) {
        var id = protectConfigurationId(request.path("ProtectConfigurationId").asText(""));
        accountDefaultProtectConfiguration = Optional.of(id);
        return object().put("DefaultProtectConfigurationArn", protectConfigurationArn(id))
                .put("DefaultProtectConfigurationId", id);
    }

    private ObjectNode deleteAccountDefaultProtectConfiguration() {
        var id = accountDefaultProtectConfiguration.orElseThrow(() -> notFound("protect-configuration", "account-default"));
        accountDefaultProtectConfiguration = Optional.empty();
        return object().put("DefaultProtectConfigurationArn", protectConfigurationArn(id))
                .put("DefaultProtectConfigurationId", id);
    }

    private ObjectNode sendTextMessage(JsonNode request) {
        var destination = request.path("DestinationPhoneNumber").asText("");
        if (!E164.matcher(destination).matches()) {
            throw validation("DestinationPhoneNumber", "Must be a phone number in E.164 format.");
        }
        protectConfigurationFor(request).ifPresent(protect -> {
            if ("BLOCK".equals(protectConfigurations.get(protect).getOrDefault(countryOf(destination), "BLOCK"))) {
                throw new AwsError(400, "ConflictException", "DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION",
                        "The destination country is blocked by the protect configuration.",
                        object().put("ResourceType", "protect-configuration").put("ResourceId", protect));
            }
        });
        var body = request.path("MessageBody").asText("");
        if (body.length() > MAX_BODY_CHARACTERS) {
            throw validation("MessageBody", "Must be at most 1600 characters.");
        }
        var origination = request.path("OriginationIdentity").asText(null);
        if (isOptedOut(DEFAULT_OPT_OUT_LIST, destination) || isOptedOut(optOutListOf(origination), destination)) {
            throw new AwsError(400, "ConflictException", "DESTINATION_PHONE_NUMBER_OPTED_OUT",
                    "The destination phone number is opted out.",
                    object().put("ResourceType", "opt-out-list").put("ResourceId", optOutListOf(origination)));
        }
        var encoding = SmsEncoding.of(body);
        var parts = encoding.segments(body);
        if (request.has("MaxPrice")) {
            var maxPrice = request.get("MaxPrice").asText("");
            if (!MAX_PRICE.matcher(maxPrice).matches()) {
                throw validation("MaxPrice", "Must match [0-9]{0,2}\\.[0-9]{1,5}.");
            }
            var price = pricesPerPart.getOrDefault(countryOf(destination), OTHER_PRICE_PER_PART)
                    .multiply(BigDecimal.valueOf(parts));
            if (price.compareTo(new BigDecimal(maxPrice)) > 0) {
                throw new AwsError(400, "ValidationException", "PRICE_OVER_THRESHOLD", "The message's price, "
                        + price.toPlainString() + " USD for " + parts + " parts, is over MaxPrice " + maxPrice + ".");
            }
        }
        takeParts(origination, parts);
        var messageId = UUID.randomUUID().toString();
        if (!request.path("DryRun").asBoolean(false)) {
            var accepted = new AcceptedMessage(messageId, origination, destination, body,
                    request.path("MessageType").asText(null), request.path("ConfigurationSetName").asText(null),
                    request.path("MaxPrice").asText(null),
                    context(request), clock.instant(), !FAILING_DESTINATION.equals(destination), encoding.name(), parts);
            outbox.add(accepted);
            deliveriesUnderWay.incrementAndGet();
            deliveries.execute(() -> {
                try {
                    deliver(accepted);
                } finally {
                    deliveriesUnderWay.decrementAndGet();
                }
            });
        }
        return object().put("MessageId", messageId);
    }

    private static Map<String, String> context(JsonNode request) {
        var context = new LinkedHashMap<String, String>();
        request.path("Context").properties().forEach(e -> context.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(context);
    }

    /**
     * Takes {@code parts} from the identity's bucket, or refuses the send as the service does above its
     * MPS. The bucket is timed by the system's clock, not the simulator's: throughput is real time.
     */
    private void takeParts(String origination, int parts) {
        if (partsPerSecond <= 0) {
            return;
        }
        var bucket = buckets.computeIfAbsent(String.valueOf(origination), identity -> new PartBucket(partsPerSecond));
        if (!bucket.take(parts, System.nanoTime())) {
            throttled++;
            throw new AwsError(400, "ThrottlingException", null, "Rate exceeded: the origination identity's message"
                    + " parts per second are used up.");
        }
    }

    /** One second of parts, refilled continuously at the limit. */
    private static final class PartBucket {
        private final int perSecond;
        private double tokens;
        private long filledAt;

        PartBucket(int perSecond) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
            this.filledAt = System.nanoTime();
        }

        /** A message longer than a second's parts goes when the bucket is full, and leaves it owing the rest. */
        boolean take(int parts, long now) {
            tokens = Math.min(perSecond, tokens + (now - filledAt) * perSecond / 1e9);
            filledAt = now;
            if (tokens < Math.min(parts, perSecond)) {
                return false;
            }
            tokens -= parts;
            return true;
        }
    }

    private void deliver(AcceptedMessage message) {
        deliveryEvents.accept(deliveryEvent(message, "TEXT_SUCCESSFUL", "SUCCESSFUL", "Message has been accepted by phone carrier"));
        deliveryEvents.accept(message.delivered()
                ? deliveryEvent(message, "TEXT_DELIVERED", "DELIVERED", "Message has been accepted by phone")
                : deliveryEvent(message, "TEXT_CARRIER_UNREACHABLE", "CARRIER_UNREACHABLE", "The destination carrier is unreachable"));
    }

    private String deliveryEvent(AcceptedMessage message, String eventType, String status, String description) {
        synchronized (this) {
            deliveryEventTypes.computeIfAbsent(message.messageId(), id -> new ArrayList<>()).add(eventType);
        }
        var event = object()
                .put("eventType", eventType)
                .put("eventVersion", "1.0")
                .put("eventTimestamp", clock.millis())
                .put("isFinal", !eventType.equals("TEXT_SUCCESSFUL"))
                .put("originationPhoneNumber", message.originationIdentity())
                .put("destinationPhoneNumber", message.destinationPhoneNumber())
                .put("messageId", message.messageId())
                .put("messageRequestTimestamp", message.acceptedAt().toEpochMilli())
                .put("messageEncoding", message.encoding())
                .put("messageType", message.messageType())
                .put("messageStatus", status)
                .put("messageStatusDescription", description)
                .put("totalMessageParts", message.parts());
        var context = event.putObject("context");
        message.context().forEach(context::put);
        return event.toString();
    }

    @Override
    public void close() {
        deliveries.shutdownNow();
        super.close();
    }

    private String optOutListOf(String originationIdentity) {
        return originations.values().stream()
                .filter(o -> o.id().equals(originationIdentity) || o.arn().equals(originationIdentity)
                        || (o.phoneNumber() != null && o.phoneNumber().equals(originationIdentity)))
                .map(Origination::optOutListName)
                .findFirst()
                .orElse(DEFAULT_OPT_OUT_LIST);
    }

    private ObjectNode putOptedOutNumber(JsonNode request) {
        var list = optOutList(request);
        var number = request.path("OptedOutNumber").asText("");
        if (!E164.matcher(number).matches()) {
            throw validation("OptedOutNumber", "Must be a phone number in E.164 format.");
        }
        var at = clock.instant();
        optOutLists.get(list).put(number, at);
        return optedOutNumber(list, number, at);
    }

    private ObjectNode deleteOptedOutNumber(JsonNode request) {
        var list = optOutList(request);
        var number = request.path("OptedOutNumber").asText("");
        var optedOutAt = optOutLists.get(list).get(number);
        if (optedOutAt == null) {
            throw notFound("opted-out-number", number);
        }
        var key = list + "\n" + number;
        var previous = lastRemoval.get(key);
        if (previous != null && previous.plus(OPT_IN_INTERVAL).isAfter(clock.instant())) {
            throw new AwsError(400, "ValidationException", "OTHER",
                    "Each destination phone number can only be deleted once every 30 days.");
        }
        optOutLists.get(list).remove(number);
        lastRemoval.put(key, clock.instant());
        return optedOutNumber(list, number, optedOutAt);
    }

    private String optOutList(JsonNode request) {
        var name = request.path("OptOutListName").asText("");
        var shortName = name.substring(name.lastIndexOf('/') + 1);
        if (!optOutLists.containsKey(shortName)) {
            throw notFound("opt-out-list", name);
        }
        return shortName;
    }

    private ObjectNode optedOutNumber(String list, String number, Instant at) {
        return object()
                .put("OptOutListArn", "arn:aws:sms-voice:ap-northeast-1:123456789012:opt-out-list/" + list)
                .put("OptOutListName", list)
                .put("OptedOutNumber", number)
                .put("OptedOutTimestamp", at.getEpochSecond())
                .put("EndUserOptedOut", false);
    }

    /**
     * The resources named in {@code idsMember}, or without it every one of {@code kind} in the account,
     * as the service lists them (API Reference, DescribePhoneNumbers and DescribePools: the ids are optional).
     */
    private ObjectNode describe(JsonNode request, String idsMember, String kind, String resultMember) {
        var response = object();
        var results = response.putArray(resultMember);
        if (!request.has(idsMember)) {
            originations.values().stream().filter(origination -> origination.kind().equals(kind))
                    .forEach(origination -> results.add(describe(origination)));
            return response;
        }
        for (var id : request.path(idsMember)) {
            results.add(describe(find(kind, id.asText())));
        }
        return response;
    }

    private ObjectNode accountAttributes() {
        var response = object();
        response.putArray("AccountAttributes").addObject().put("Name", "ACCOUNT_TIER").put("Value", accountTier);
        return response;
    }

    private ObjectNode spendLimits() {
        var response = object();
        var limits = response.putArray("SpendLimits");
        for (var name : List.of("TEXT_MESSAGE_MONTHLY_SPEND_LIMIT", "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT",
                "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT")) {
            var limit = name.startsWith("TEXT") ? textSpendLimit : 1;
            limits.addObject().put("Name", name).put("EnforcedLimit", limit).put("MaxLimit", limit).put("Overridden", false);
        }
        return response;
    }

    private ObjectNode update(JsonNode request, String idMember, String kind) {
        var origination = find(kind, request.path(idMember).asText());
        if (origination.poolId() != null) {
            // UpdatePhoneNumber (API reference): "If the origination phone number is associated with a pool,
            // an error is returned." The exception is not named there; this is the closest documented reason.
            throw new AwsError(400, "ConflictException", "PHONE_NUMBER_ASSOCIATED_TO_POOL",
                    "Phone number " + origination.id() + " is associated with pool " + origination.poolId()
                            + "; update the pool instead.",
                    object().put("ResourceType", "phone-number").put("ResourceId", origination.id()));
        }
        if (request.has("TwoWayEnabled")) {
            var enabled = request.get("TwoWayEnabled").asBoolean();
            if (enabled && !origination.twoWayCapable()) {
                throw new AwsError(400, "ValidationException", "TWO_WAY_NOT_SUPPORTED_IN_COUNTRY",
                        "Two-way SMS is not supported for " + origination.id() + " in its country.");
            }
            var channel = request.path("TwoWayChannelArn").asText(origination.twoWayChannelArn());
            if (enabled && (channel == null || channel.isBlank())) {
                throw validation("TwoWayChannelArn", "Required when two-way is enabled.");
            }
            var role = request.has("TwoWayChannelRole") ? request.get("TwoWayChannelRole").asText()
                    : origination.twoWayChannelRole();
            origination = origination.withTwoWay(enabled, channel, role);
        }
        if (request.has("SelfManagedOptOutsEnabled")) {
            origination = origination.withSelfManagedOptOuts(request.get("SelfManagedOptOutsEnabled").asBoolean());
        }
        originations.put(origination.id(), origination);
        return describe(origination);
    }

    private Origination find(String kind, String idOrArn) {
        var id = idOrArn.substring(idOrArn.lastIndexOf('/') + 1);
        var origination = originations.get(id);
        if (origination == null || !origination.kind().equals(kind)) {
            throw notFound(kind, idOrArn);
        }
        return origination;
    }

    private ObjectNode describe(Origination origination) {
        var prefix = origination.kind().equals("pool") ? "Pool" : "PhoneNumber";
        var node = object()
                .put(prefix + "Id", origination.id())
                .put(prefix + "Arn", origination.arn())
                .put("Status", "ACTIVE")
                .put("MessageType", "TRANSACTIONAL")
                .put("CreatedTimestamp", 1_764_460_800L)
                .put("TwoWayEnabled", origination.twoWayEnabled())
                .put("SelfManagedOptOutsEnabled", origination.selfManagedOptOutsEnabled())
                .put("OptOutListName", origination.optOutListName());
        if (origination.phoneNumber() != null) {
            node.put("PhoneNumber", origination.phoneNumber())
                    .put("IsoCountryCode", countryOf(origination.phoneNumber()))
                    .put("NumberType", "LONG_CODE");
            node.putArray("NumberCapabilities").add("SMS");
        }
        if (origination.poolId() != null) {
            node.put("PoolId", origination.poolId());
        }
        if (origination.twoWayChannelArn() != null) {
            node.put("TwoWayChannelArn", origination.twoWayChannelArn());
        }
        if (origination.twoWayChannelRole() != null) {
            node.put("TwoWayChannelRole", origination.twoWayChannelRole());
        }
        return node;
    }

    private AwsError validation(String field, String message) {
        var fields = object();
        fields.putArray("Fields").addObject().put("Name", field).put("Message", message);
        return new AwsError(400, "ValidationException", "INVALID_PARAMETER", field + ": " + message, fields);
    }

    private static String countryOf(String e164) {
        try {
            return Optional.ofNullable(PHONE_NUMBERS.getRegionCodeForNumber(PHONE_NUMBERS.parse(e164, null))).orElse("ZZ");
        } catch (NumberParseException e) {
            return "ZZ";
        }
    }

    private AwsError notFound(String resourceType, String resourceId) {
        return new AwsError(400, "ResourceNotFoundException", null, resourceType + " " + resourceId + " does not exist.",
                object().put("ResourceType", resourceType).put("ResourceId", resourceId));
    }

    private record FaultPlan(Fault fault, int remaining) {
    }
}
