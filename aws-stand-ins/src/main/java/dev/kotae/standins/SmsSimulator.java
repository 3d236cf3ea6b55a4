package dev.kotae.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.kotae.sms.SmsEncoding;

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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for AWS End User Messaging SMS (API {@code PinpointSMSVoiceV2}) for the
 * operations Kotae calls: SendTextMessage, PutOptedOutNumber, DeleteOptedOutNumber,
 * DescribePhoneNumbers, UpdatePhoneNumber, DescribePools and UpdatePool, and what a pre-deploy check
 * reads of the account: DescribeAccountAttributes (its tier) and DescribeSpendLimits.
 *
 * <p>It behaves like the service where Kotae depends on it: E.164 checks, AWS's simulator
 * destinations ({@value #DELIVERING_DESTINATION} delivers, {@value #FAILING_DESTINATION} is accepted
 * and never delivered), opt-out lists that refuse
 * sends ({@code ConflictException DESTINATION_PHONE_NUMBER_OPTED_OUT}) and allow one removal per
 * number every 30 days, unknown resources ({@code ResourceNotFoundException}), and injectable faults.
 * AWS does not document which error the 30-day rule raises; the simulator answers ValidationException.
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

    private final Clock clock;
    private final List<AcceptedMessage> outbox = new ArrayList<>();
    private final List<RefusedSend> refused = new ArrayList<>();
    /** Each accepted message's delivery events so far, by message id, in the order they went out. */
    private final Map<String, List<String>> deliveryEventTypes = new HashMap<>();
    private final Map<String, Map<String, Instant>> optOutLists = new HashMap<>();
    private final Map<String, Instant> lastRemoval = new HashMap<>();
    private final Map<String, Origination> originations = new LinkedHashMap<>();
    private final Map<String, FaultPlan> faults = new HashMap<>();
    /** Each protect configuration's SMS countries set to ALLOW; every other country is BLOCK. */
    private final Map<String, Set<String>> protectConfigurations = new HashMap<>();
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(runnable -> {
        var thread = new Thread(runnable, "sms-simulator-deliveries");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Consumer<String> deliveryEvents = event -> { };
    private int partsPerSecond;
    /** DescribeAccountAttributes' ACCOUNT_TIER: PRODUCTION, or SANDBOXED as for a new account. */
    private String accountTier = "PRODUCTION";
    /** The text spend limit DescribeSpendLimits enforces, in US dollars (a new account's is 1). */
    private long textSpendLimit = 100;
    private final Map<String, PartBucket> buckets = new HashMap<>();
    private long throttled;
    /** Each operation the simulator answers, and how. */
    private final Map<String, Function<JsonNode, ObjectNode>> operations = Map.of(
            "SendTextMessage", this::sendTextMessage,
            "PutOptedOutNumber", this::putOptedOutNumber,
            "DeleteOptedOutNumber", this::deleteOptedOutNumber,
            "DescribePhoneNumbers", request -> describe(request, "PhoneNumberIds", "phone-number", "PhoneNumbers"),
            "DescribePools", request -> describe(request, "PoolIds", "pool", "Pools"),
            "UpdatePhoneNumber", request -> update(request, "PhoneNumberId", "phone-number"),
            "UpdatePool", request -> update(request, "PoolId", "pool"),
            "DescribeAccountAttributes", request -> accountAttributes(),
            "DescribeSpendLimits", request -> spendLimits());

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
     * A protect configuration allowing only {@code countries} for SMS, as the stack creates one
     * (AWS::SMSVOICE::ProtectConfiguration, every other country BLOCK); returns its id.
     */
    public synchronized String createProtectConfiguration(Set<String> countries) {
        var id = "protect-" + UUID.randomUUID().toString().replace("-", "");
        protectConfigurations.put(id, Set.copyOf(countries));
        return id;
    }

    private ObjectNode sendTextMessage(JsonNode request) {
        var destination = request.path("DestinationPhoneNumber").asText("");
        if (!E164.matcher(destination).matches()) {
            throw validation("DestinationPhoneNumber", "Must be a phone number in E.164 format.");
        }
        // The protect configuration named in the request wins over the configuration set's and the
        // account's (User Guide, "Change a protection configuration association").
        var protect = request.path("ProtectConfigurationId").asText(null);
        if (protect != null) {
            var allowed = protectConfigurations.get(protect);
            if (allowed == null) {
                throw notFound("protect-configuration", protect);
            }
            if (!allowed.contains(countryOf(destination))) {
                throw new AwsError(400, "ConflictException", "DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION",
                        "The destination country is blocked by the protect configuration.",
                        object().put("ResourceType", "protect-configuration").put("ResourceId", protect));
            }
        }
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
        takeParts(origination, parts);
        var messageId = UUID.randomUUID().toString();
        if (!request.path("DryRun").asBoolean(false)) {
            var accepted = new AcceptedMessage(messageId, origination, destination, body,
                    request.path("MessageType").asText(null), request.path("ConfigurationSetName").asText(null),
                    request.path("MaxPrice").asText(null),
                    context(request), clock.instant(), !FAILING_DESTINATION.equals(destination), encoding.name(), parts);
            outbox.add(accepted);
            deliveries.execute(() -> deliver(accepted));
        }
        return object().put("MessageId", messageId);
    }

    private static Map<String, String> context(JsonNode request) {
        var context = new LinkedHashMap<String, String>();
        request.path("Context").fields().forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
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
