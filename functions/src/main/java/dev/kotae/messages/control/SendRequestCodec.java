package dev.kotae.messages.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.messages.entity.ExpectReply;
import dev.kotae.messages.entity.MessageType;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.platform.encoding.Json;
import dev.kotae.shared.boundary.ApiRequests;
import dev.kotae.shared.boundary.StrictJson;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.Keywords;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.PhoneNumbers;
import dev.kotae.shared.entity.Text;
import dev.kotae.sms.MaxPrice;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The send request's one codec. It reads the body of {@code POST /messages} (and a batch's options and
 * entries) into a {@link SendRequest}, refusing each invalid member with its own error code and the member's
 * name, and unknown members too: a misspelt optional member would otherwise be silently ignored. It writes a
 * {@link SendRequest} back as a caller writes it, which is how a schedule and the batch queue hold one until it
 * goes, read again then with the rules in force.
 */
public final class SendRequestCodec {

    public static final int MAX_BODY_LENGTH = 1600;
    public static final int MIN_TIME_TO_LIVE = 5;
    public static final int MAX_TIME_TO_LIVE = 259_200;
    /** End User Messaging allows 5; Kotae keeps one for its message id, so delivery events correlate. */
    public static final int MAX_CONTEXT_ENTRIES = 4;
    public static final int MAX_KEYWORDS = 10;
    public static final long MIN_REPLY_TTL = 60;
    public static final long MAX_REPLY_TTL = Duration.ofDays(30).toSeconds();
    public static final long DEFAULT_REPLY_TTL = Duration.ofDays(1).toSeconds();
    /**
     * How soon a scheduled message may be due: sooner is a send now, and a schedule created in the
     * last seconds before its time could miss it.
     */
    public static final Duration MIN_SEND_AHEAD = Duration.ofMinutes(1);
    /**
     * How far ahead: a year covers the yearly reminder booked at the previous visit. Phone numbers
     * change hands over longer spans, and a message held longer would more likely reach a stranger.
     */
    public static final Duration MAX_SEND_AHEAD = Duration.ofDays(365);
    /** RFC 3339's date-time: whole seconds or a fraction, and an offset ({@code Z} or {@code ±hh:mm}) always. */
    private static final String NOT_A_DATE_TIME = "'sendAt' must be an RFC 3339 date-time with an offset, such as"
            + " \"2026-12-05T09:00:00+09:00\" or \"2026-12-05T00:00:00Z\".";
    private static final Pattern RFC_3339 = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})");

    private static final String MAX_PRICE_PER_PART = "maxPricePerPart";
    /** What {@code maxPricePerPart} was called before it was named per part; the same US dollars per part. */
    private static final String LEGACY_MAX_PRICE = "maxPrice";
    private static final String RECIPIENT_TIME_ZONE = "recipientTimeZone";
    /**
     * A zone of a place: {@code Area/Location} under a continent or an ocean. The database's other names are offsets
     * in disguise ({@code Etc/GMT+9} is nine hours behind UTC, {@code EST5EDT} a rule, not a place) and are refused.
     */
    private static final Pattern REGION_ZONE = Pattern.compile(
            "(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z0-9_+\\-/]+");
    private static final String RESPECT_QUIET_HOURS = "respectQuietHours";
    public static final Set<String> MEMBERS = Set.of("to", "body", "type", "timeToLiveSeconds", "maxPricePerPart",
            "context", "dryRun", "expectReply", "sendAt", RECIPIENT_TIME_ZONE, RESPECT_QUIET_HOURS);
    /** Members the API has renamed, by their former name: a caller still sending one is told the new name. */
    public static final Map<String, StrictJson.Renamed> RENAMED = Map.of(LEGACY_MAX_PRICE,
            new StrictJson.Renamed(MAX_PRICE_PER_PART, "US dollars per message part"));
    private static final Set<String> EXPECT_REPLY_MEMBERS = Set.of("keywords", "ttlSeconds", "reference");
    /** What a send's other refusals name: its headers. */
    private static final Set<String> HEADERS = Set.of(ApiRequests.IDEMPOTENCY_KEY, "Content-Type");

    private final PhoneNumbers phoneNumbers;
    private final Set<String> reservedKeywords;
    private final Optional<BigDecimal> maxPricePerPart;
    private final Clock clock;

    /**
     * @param reservedKeywords normalised opt-out, opt-in and help keywords, which no conversation may await
     * @param maxPricePerPart  the deployment's ceiling ({@code kotae:maxPricePerPart}): a caller's
     *                         {@code maxPricePerPart} may lower it, never raise it
     * @param clock            what {@code sendAt} is judged against
     */
    public SendRequestCodec(PhoneNumbers phoneNumbers, Set<String> reservedKeywords,
                             Optional<BigDecimal> maxPricePerPart, Clock clock) {
        this.phoneNumbers = phoneNumbers;
        this.reservedKeywords = Set.copyOf(reservedKeywords);
        this.maxPricePerPart = maxPricePerPart;
        this.clock = clock;
    }

    /** A number this deployment may send to, for SnapStart priming's sample request. */
    public String sampleDestination() {
        return phoneNumbers.sample();
    }

    public SendRequest parse(String body) {
        var root = StrictJson.readObject(body);
        StrictJson.rejectUnknown(root, MEMBERS, "", ErrorCode.UNKNOWN_FIELD, RENAMED);
        var type = messageType(root);
        return new SendRequest(
                phoneNumbers.toDestination(StrictJson.requiredText(root, "to", ErrorCode.INVALID_PHONE_NUMBER), "to"),
                messageBody(root),
                type,
                timeToLive(root),
                maxPricePerPart(root),
                context(root),
                dryRun(root),
                expectReply(root, reservedKeywords),
                sendAt(root),
                recipientTimeZone(root),
                respectQuietHours(root, type));
    }

    /**
     * The options a batch shares with each of its entries: a single send's members but {@code to},
     * {@code body}, {@code sendAt} and {@code recipientTimeZone}, each refused with its own code as in a single send.
     */
    public record SharedOptions(MessageType type, Optional<Integer> timeToLiveSeconds, Optional<String> maxPricePerPart,
                                TreeMap<String, String> context, boolean dryRun, Optional<ExpectReply> expectReply,
                                boolean respectQuietHours) {
    }

    /** Reads a batch's shared options from its object (whose other members the caller has checked). */
    public SharedOptions sharedOptions(JsonNode root) {
        var type = messageType(root);
        return new SharedOptions(type, timeToLive(root), maxPricePerPart(root), context(root), dryRun(root),
                expectReply(root, reservedKeywords), respectQuietHours(root, type));
    }

    /**
     * One entry of a batch, {@code {to, body, context?, recipientTimeZone?}}, as a single send with {@code shared}: its
     * context adds to the batch's (the entry's value wins where both name a key), at most
     * {@value #MAX_CONTEXT_ENTRIES} in all.
     */
    public SendRequest entry(JsonNode entry, SharedOptions shared, Set<String> members) {
        StrictJson.rejectUnknown(entry, members, "", ErrorCode.UNKNOWN_FIELD, RENAMED);
        var merged = new TreeMap<>(shared.context());
        merged.putAll(context(entry));
        if (merged.size() > MAX_CONTEXT_ENTRIES) {
            throw new KotaeException(ErrorCode.INVALID_CONTEXT, "With the batch's own, this entry's 'context' has "
                    + merged.size() + " entries; at most " + MAX_CONTEXT_ENTRIES + " fit.", "context");
        }
        return new SendRequest(phoneNumbers.toDestination(StrictJson.requiredText(entry, "to", ErrorCode.INVALID_PHONE_NUMBER), "to"),
                messageBody(entry), shared.type(), shared.timeToLiveSeconds(), shared.maxPricePerPart(), merged,
                shared.dryRun(), shared.expectReply(), Optional.empty(), recipientTimeZone(entry), shared.respectQuietHours());
    }

    private static String messageBody(JsonNode root) {
        var text = StrictJson.requiredText(root, "body", ErrorCode.INVALID_BODY);
        if (Text.isBlankToAPerson(text)) {
            throw new KotaeException(ErrorCode.INVALID_BODY, "'body' must contain something a person can read, not"
                    + " only whitespace or invisible characters.", "body");
        }
        if (text.length() > MAX_BODY_LENGTH) {
            throw new KotaeException(ErrorCode.INVALID_BODY, "'body' must be at most " + MAX_BODY_LENGTH
                    + " characters (UTF-16 units: an emoji counts as two); it has " + text.length() + ".", "body");
        }
        return text;
    }

    private static MessageType messageType(JsonNode root) {
        return StrictJson.optionalText(root, "type", ErrorCode.INVALID_MESSAGE_TYPE).map(type -> {
            try {
                return MessageType.valueOf(type);
            } catch (IllegalArgumentException e) {
                throw new KotaeException(ErrorCode.INVALID_MESSAGE_TYPE,
                        "'type' must be TRANSACTIONAL or PROMOTIONAL.", "type");
            }
        }).orElse(MessageType.TRANSACTIONAL);
    }

    private static Optional<Integer> timeToLive(JsonNode root) {
        return StrictJson.optionalMember(root, "timeToLiveSeconds").map(ttl -> (int) StrictJson.wholeNumber(ttl, MIN_TIME_TO_LIVE,
                MAX_TIME_TO_LIVE, () -> new KotaeException(ErrorCode.INVALID_TIME_TO_LIVE,
                        "'timeToLiveSeconds' must be a whole number from " + MIN_TIME_TO_LIVE + " to " + MAX_TIME_TO_LIVE
                                + ".", "timeToLiveSeconds")));
    }

    /** US dollars per message part: sent times the message's parts as SendTextMessage's MaxPrice ({@link MaxPrice}). */
    private Optional<String> maxPricePerPart(JsonNode root) {
        return StrictJson.optionalText(root, MAX_PRICE_PER_PART, ErrorCode.INVALID_MAX_PRICE).map(price -> {
            if (!MaxPrice.isPerPartCeiling(price)) {
                throw new KotaeException(ErrorCode.INVALID_MAX_PRICE, "'maxPricePerPart' must be US dollars per message"
                        + " part written with a decimal point, such as \"0.05\", at most "
                        + MaxPrice.LARGEST_PER_PART.toPlainString() + " (Kotae sends it times the message's parts as"
                        + " End User Messaging's MaxPrice, which holds at most " + MaxPrice.LARGEST.toPlainString()
                        + ").", "maxPricePerPart");
            }
            maxPricePerPart.filter(ceiling -> new BigDecimal(price).compareTo(ceiling) > 0).ifPresent(ceiling -> {
                throw new KotaeException(ErrorCode.INVALID_MAX_PRICE, "'maxPricePerPart' may be at most "
                        + ceiling.toPlainString() + " US dollars per part, this deployment's ceiling.", "maxPricePerPart");
            });
            return price;
        });
    }

    private static TreeMap<String, String> context(JsonNode root) {
        var entries = new TreeMap<String, String>();
        StrictJson.optionalMember(root, "context").ifPresent(context -> {
            if (!context.isObject() || context.size() > MAX_CONTEXT_ENTRIES) {
                throw new KotaeException(ErrorCode.INVALID_CONTEXT, "'context' must be an object of at most "
                        + MAX_CONTEXT_ENTRIES + " string entries.", "context");
            }
            context.properties().forEach(entry -> {
                var key = entry.getKey();
                var value = entry.getValue();
                if (key.toLowerCase(Locale.ROOT).startsWith("kotae")) {
                    throw new KotaeException(ErrorCode.INVALID_CONTEXT, "'context' keys starting with 'kotae' are"
                            + " reserved for Kotae's own correlation ids.", "context." + key);
                }
                if (key.isBlank() || key.length() > 100 || !Text.isWellFormed(key) || !value.isTextual()
                        || Text.isBlankToAPerson(value.asText()) || value.asText().length() > 800
                        || !Text.isWellFormed(value.asText())) {
                    throw new KotaeException(ErrorCode.INVALID_CONTEXT, "Each 'context' entry needs a key of 1 to 100"
                            + " characters and a string value of 1 to 800 characters.", "context." + key);
                }
                entries.put(key, value.asText());
            });
        });
        return entries;
    }

    private static boolean dryRun(JsonNode root) {
        return StrictJson.optionalMember(root, "dryRun").map(dryRun -> {
            if (!dryRun.isBoolean()) {
                throw new KotaeException(ErrorCode.INVALID_DRY_RUN, "'dryRun' must be true or false.", "dryRun");
            }
            return dryRun.asBoolean();
        }).orElse(false);
    }

    /** {@code sendAt}, if given: RFC 3339 with an offset, whole seconds, 1 minute to 365 days ahead. */
    public Optional<Instant> sendAt(JsonNode root) {
        return StrictJson.optionalText(root, "sendAt", ErrorCode.INVALID_SEND_AT).map(text -> {
            if (!RFC_3339.matcher(text).matches()) {
                throw invalidSendAt(NOT_A_DATE_TIME);
            }
            Instant at;
            try {
                at = OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
            } catch (DateTimeParseException e) {
                throw invalidSendAt(NOT_A_DATE_TIME);
            }
            if (at.getNano() != 0) {
                // EventBridge Scheduler's at() expression names whole seconds: a fraction could only be dropped.
                throw invalidSendAt("'sendAt' must be a whole second, without a fraction.");
            }
            var now = clock.instant();
            if (at.isBefore(now.plus(MIN_SEND_AHEAD)) || at.isAfter(now.plus(MAX_SEND_AHEAD))) {
                throw invalidSendAt("'sendAt' must be from " + MIN_SEND_AHEAD.toMinutes() + " minute to "
                        + MAX_SEND_AHEAD.toDays() + " days ahead (it is now " + now.truncatedTo(ChronoUnit.SECONDS)
                        + "); to send now, leave it out.");
            }
            return at;
        });
    }

    /**
     * {@code recipientTimeZone}, if given: a time zone of the IANA database by its region name (such as
     * {@code Asia/Tokyo}), which holds the daylight-saving rules a fixed offset would miss.
     */
    private static Optional<ZoneId> recipientTimeZone(JsonNode root) {
        return StrictJson.optionalText(root, RECIPIENT_TIME_ZONE, ErrorCode.INVALID_RECIPIENT_TIME_ZONE).map(zone -> {
            // The name's shape first, then the zone rules themselves: no copy of the database's thousand names per request.
            if (REGION_ZONE.matcher(zone).matches()) {
                try {
                    return ZoneId.of(zone);
                } catch (DateTimeException unknown) {
                    // Refused below, as a name of no place.
                }
            }
            throw new KotaeException(ErrorCode.INVALID_RECIPIENT_TIME_ZONE, "'recipientTimeZone' must name a time"
                    + " zone of the IANA database, such as \"Asia/Tokyo\" or \"America/New_York\" (not an offset:"
                    + " the zone's rules know its daylight saving time).", RECIPIENT_TIME_ZONE);
        });
    }

    /**
     * {@code respectQuietHours}: whether a message that is not marketing waits out the recipient's night too. Marketing
     * always does (the TCPA allows no text before 8:00 or after 21:00), so {@code false} with it is refused.
     */
    private static boolean respectQuietHours(JsonNode root, MessageType type) {
        return StrictJson.optionalMember(root, RESPECT_QUIET_HOURS).map(respect -> {
            if (!respect.isBoolean()) {
                throw new KotaeException(ErrorCode.INVALID_RESPECT_QUIET_HOURS, "'respectQuietHours' must be true or"
                        + " false.", RESPECT_QUIET_HOURS);
            }
            if (!respect.asBoolean() && type == MessageType.PROMOTIONAL) {
                throw new KotaeException(ErrorCode.INVALID_RESPECT_QUIET_HOURS, "A PROMOTIONAL message always waits for"
                        + " the recipient's quiet hours to end; leave 'respectQuietHours' out.", RESPECT_QUIET_HOURS);
            }
            return respect.asBoolean() && type != MessageType.PROMOTIONAL;
        }).orElse(false);
    }

    public static KotaeException invalidSendAt(String message) {
        return new KotaeException(ErrorCode.INVALID_SEND_AT, message, "sendAt");
    }

    private static Optional<ExpectReply> expectReply(JsonNode root, Set<String> reservedKeywords) {
        return StrictJson.optionalMember(root, "expectReply").map(reply -> {
            if (!reply.isObject()) {
                throw invalidReply("'expectReply' must be an object with 'keywords'.", "expectReply");
            }
            StrictJson.rejectUnknown(reply, EXPECT_REPLY_MEMBERS, "expectReply.", ErrorCode.INVALID_EXPECT_REPLY, Map.of());
            return new ExpectReply(replyKeywords(reply, reservedKeywords), replyTimeToLive(reply), replyReference(reply));
        });
    }

    private static ArrayList<String> replyKeywords(JsonNode reply, Set<String> reservedKeywords) {
        var keywords = reply.get("keywords");
        if (keywords == null || !keywords.isArray() || keywords.isEmpty() || keywords.size() > MAX_KEYWORDS) {
            throw invalidReply("'expectReply.keywords' must list 1 to " + MAX_KEYWORDS + " keywords.",
                    "expectReply.keywords");
        }
        var normalised = new LinkedHashSet<String>();
        for (var keyword : keywords) {
            var text = keyword.isTextual() && Text.isWellFormed(keyword.asText()) ? Keywords.normalise(keyword.asText()) : "";
            if (text.isEmpty() || text.length() > 30) {
                throw invalidReply("Each expected keyword must be text of 1 to 30 characters.", "expectReply.keywords");
            }
            if (reservedKeywords.contains(text)) {
                throw invalidReply("'" + text + "' is an opt-out, opt-in or help keyword and cannot be awaited as a reply.",
                        "expectReply.keywords");
            }
            normalised.add(text);
        }
        return new ArrayList<>(normalised);
    }

    private static Duration replyTimeToLive(JsonNode reply) {
        var ttl = reply.get("ttlSeconds");
        if (ttl == null || ttl.isNull()) {
            return Duration.ofSeconds(DEFAULT_REPLY_TTL);
        }
        return Duration.ofSeconds(StrictJson.wholeNumber(ttl, MIN_REPLY_TTL, MAX_REPLY_TTL, () -> invalidReply(
                "'expectReply.ttlSeconds' must be a whole number from " + MIN_REPLY_TTL + " to " + MAX_REPLY_TTL
                        + " (30 days).", "expectReply.ttlSeconds")));
    }

    private static Optional<String> replyReference(JsonNode reply) {
        var reference = reply.get("reference");
        if (reference == null || reference.isNull()) {
            return Optional.empty();
        }
        if (!reference.isTextual() || Text.isBlankToAPerson(reference.asText()) || reference.asText().length() > 128
                || !Text.isWellFormed(reference.asText())) {
            throw invalidReply("'expectReply.reference' must be text of 1 to 128 characters.", "expectReply.reference");
        }
        return Optional.of(reference.asText());
    }

    /**
     * A refusal's field up to where the caller named it: {@code context.<key>} becomes
     * {@code context.(caller's name)}, an unknown member {@code (caller's name)}. Headers are Kotae's
     * own names and pass unchanged.
     */
    public static String asKotaeNamesIt(String field) {
        var parts = field.split("\\.", -1);
        var named = new ArrayList<String>();
        for (var part : parts) {
            var known = named.isEmpty() ? MEMBERS.contains(part) || part.equals("messages") || HEADERS.contains(part)
                    : named.get(0).equals("expectReply") && named.size() == 1 && EXPECT_REPLY_MEMBERS.contains(part);
            named.add(known ? part : "(caller's name)");
            if (!known) {
                break;
            }
        }
        return String.join(".", named);
    }

    private static KotaeException invalidReply(String message, String field) {
        return new KotaeException(ErrorCode.INVALID_EXPECT_REPLY, message, field);
    }

    /**
     * {@code request} as a caller writes it to {@code POST /messages}, without {@code sendAt}: what a schedule and
     * the batch queue hold, and what {@link #parse} reads back as the same request.
     */
    public static JsonNode write(SendRequest request) {
        var body = Json.MAPPER.createObjectNode()
                .put("to", request.to())
                .put("body", request.body())
                .put("type", request.type().name())
                .put("dryRun", request.dryRun());
        request.timeToLiveSeconds().ifPresent(ttl -> body.put("timeToLiveSeconds", ttl));
        request.recipientTimeZone().ifPresent(zone -> body.put(RECIPIENT_TIME_ZONE, zone.getId()));
        if (request.respectQuietHours()) {
            body.put(RESPECT_QUIET_HOURS, true);
        }
        request.maxPricePerPart().ifPresent(price -> body.put(MAX_PRICE_PER_PART, price));
        if (!request.context().isEmpty()) {
            var context = body.putObject("context");
            request.context().forEach(context::put);
        }
        request.expectReply().ifPresent(reply -> {
            var expect = body.putObject("expectReply").put("ttlSeconds", reply.timeToLive().toSeconds());
            reply.keywords().forEach(expect.putArray("keywords")::add);
            reply.reference().ifPresent(reference -> expect.put("reference", reference));
        });
        return body;
    }

    /**
     * A request as a schedule or the batch queue holds it, as the current API reads it. One written before the
     * ceiling was named per part calls it {@code maxPrice}, with the same meaning: a message booked before an
     * upgrade and sent after it keeps its ceiling.
     */
    public static String stored(JsonNode request) {
        if (request.has(LEGACY_MAX_PRICE) && !request.has(MAX_PRICE_PER_PART)) {
            var current = ((ObjectNode) request).deepCopy();
            current.set(MAX_PRICE_PER_PART, current.remove(LEGACY_MAX_PRICE));
            return current.toString();
        }
        return request.toString();
    }
}
