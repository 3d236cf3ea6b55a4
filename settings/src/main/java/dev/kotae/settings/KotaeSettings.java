package dev.kotae.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kotae.sms.MaxPrice;
import dev.kotae.sms.SmsCountries;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every deployment setting, read once from CDK context by the app and passed down typed. Settings
 * that cost money or send real SMS have no default: synth stops and names the missing key.
 */
public record KotaeSettings(
        String stackName,
        OriginationIdentity originationIdentity,
        Optional<String> configurationSet,
        Optional<String> defaultCountry,
        List<String> allowedCountries,
        boolean protectConfigurationAccountDefault,
        Optional<String> maxPricePerPart,
        Callers callers,
        int callerDailyLimit,
        Map<String, Integer> callerDailyLimitOverrides,
        int messageRetentionDays,
        int apiRateLimit,
        int apiBurstLimit,
        ApiGatewayCloudWatchRole apiGatewayCloudWatchRole,
        String functionsJar,
        String brandName,
        String helpContact,
        Optional<String> optOutList,
        boolean selfManagedOptOuts,
        boolean takeOverTwoWayChannel,
        Optional<String> keywordOverrides,
        int inboundMaxConcurrency,
        int messagesPerSecond,
        Optional<String> alarmEmail,
        AlarmThresholds alarmThresholds,
        Optional<SendPageSettings> sendPage,
        String quietHours,
        Optional<String> promotionalFooter,
        int consentWindowHours) {

    public static final String PREFIX = "kotae:";
    public static final String ORIGINATION_IDENTITY = PREFIX + "originationIdentity";
    public static final String CONFIGURATION_SET = PREFIX + "configurationSet";
    public static final String DEFAULT_COUNTRY = PREFIX + "defaultCountry";
    public static final String ALLOWED_COUNTRIES = PREFIX + "allowedCountries";
    public static final String PROTECT_CONFIGURATION_ACCOUNT_DEFAULT = PREFIX + "protectConfigurationAccountDefault";
    public static final String MAX_PRICE_PER_PART = PREFIX + "maxPricePerPart";
    public static final String CALLERS = PREFIX + "callers";
    public static final String CALLER_DAILY_LIMIT = PREFIX + "callerDailyLimit";
    public static final String CALLER_DAILY_LIMIT_OVERRIDES = PREFIX + "callerDailyLimitOverrides";
    public static final String MESSAGE_RETENTION_DAYS = PREFIX + "messageRetentionDays";
    public static final String API_RATE_LIMIT = PREFIX + "apiRateLimit";
    public static final String API_BURST_LIMIT = PREFIX + "apiBurstLimit";
    public static final String API_GATEWAY_CLOUDWATCH_ROLE = PREFIX + "apiGatewayCloudWatchRole";
    public static final String FUNCTIONS_JAR = PREFIX + "functionsJar";
    public static final String STACK_NAME = PREFIX + "stackName";
    public static final String BRAND_NAME = PREFIX + "brandName";
    public static final String HELP_CONTACT = PREFIX + "helpContact";
    public static final String OPT_OUT_LIST = PREFIX + "optOutList";
    public static final String SELF_MANAGED_OPT_OUTS = PREFIX + "selfManagedOptOuts";
    public static final String TAKE_OVER_TWO_WAY_CHANNEL = PREFIX + "takeOverTwoWayChannel";
    /** The office send page: a signed-in page and its own HTTP API; off deploys nothing of it. */
    public static final String WEB = PREFIX + "web";
    /** The managed login's domain, {@code <prefix>.auth.<region>.amazoncognito.com}: required with the send page. */
    public static final String WEB_DOMAIN_PREFIX = PREFIX + "webDomainPrefix";
    /** The send page's second factor: {@code app} (the default), {@code sms} or {@code app-or-sms}. */
    public static final String WEB_MFA = PREFIX + "webMfa";
    /** The company's SAML or OIDC provider, for signing in to the send page: a JSON object. */
    public static final String WEB_IDENTITY_PROVIDER = PREFIX + "webIdentityProvider";
    public static final String KEYWORDS = PREFIX + "keywords";
    /** The recipient's hours when marketing messages wait, {@code HH:MM-HH:MM} at their location. */
    public static final String QUIET_HOURS = PREFIX + "quietHours";
    /** Added to a marketing body that does not name the brand and how to stop. */
    public static final String PROMOTIONAL_FOOTER = PREFIX + "promotionalFooter";
    /** How long after JOIN a YES confirms consent to marketing, in hours. */
    public static final String CONSENT_WINDOW_HOURS = PREFIX + "consentWindowHours";
    public static final String INBOUND_MAX_CONCURRENCY = PREFIX + "inboundMaxConcurrency";
    public static final String MESSAGES_PER_SECOND = PREFIX + "messagesPerSecond";
    public static final String ALARM_EMAIL = PREFIX + "alarmEmail";
    public static final String INBOUND_OLDEST_MESSAGE_SECONDS = PREFIX + "inboundOldestMessageSeconds";
    public static final String API_5XX_THRESHOLD = PREFIX + "api5xxThreshold";
    public static final String FAILED_DELIVERIES_THRESHOLD = PREFIX + "failedDeliveriesThreshold";
    public static final String DELIVERY_RATE_PERCENT = PREFIX + "deliveryRatePercent";
    public static final String MONTHLY_SPEND_BUDGET = PREFIX + "monthlySpendBudget";
    public static final String SENT_PARTS_PER_HOUR = PREFIX + "sentPartsPerHourThreshold";
    /** Lambda's environment holds 4 KB in all; the overrides must leave room for the other variables. */
    static final int MAX_KEYWORD_OVERRIDES = 2500;
    /**
     * What the settings of variable length may take of a function's 4 KB environment together (Lambda
     * Developer Guide, "Working with Lambda environment variables"): the rest is the fixed variables
     * (names and values, the table's and the protect configuration's as CloudFormation resolves them).
     */
    static final int MAX_VARIABLE_SETTINGS = 3200;

    /** Strict as the functions' reader: a keyword given twice or text after the object is refused, not guessed at. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern STACK_NAME_PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,54}");
    private static final Pattern OPT_OUT_LIST_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /**
     * AWS::Cognito::UserPoolDomain's Domain pattern (CloudFormation resource reference); the Cognito Developer Guide
     * ("Using the Amazon Cognito domain") also keeps aws, amazon and cognito out of a prefix.
     */
    private static final Pattern DOMAIN_PREFIX = Pattern.compile("(?!.*(aws|amazon|cognito))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern QUIET_WINDOW = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern CONFIGURATION_SET_NAME = Pattern.compile(
            "[A-Za-z0-9_-]{1,64}|arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:[0-9]{12}:configuration-set/[A-Za-z0-9_-]{1,64}");

    /** @param context the app's context lookup ({@code app.getNode()::tryGetContext}) */
    public static KotaeSettings from(Function<String, Object> context) {
        var read = new ContextReader(context);
        return new KotaeSettings(
                read.text(STACK_NAME).map(name -> read.matching(STACK_NAME, name, STACK_NAME_PATTERN,
                        "a CloudFormation stack name of at most 55 letters, digits and hyphens, starting with a letter"
                                + " (the configuration set is named after it, with -delivery, in at most 64)")).orElse("Kotae"),
                OriginationIdentity.parse(read.required(ORIGINATION_IDENTITY), ORIGINATION_IDENTITY),
                read.text(CONFIGURATION_SET).map(name -> read.matching(CONFIGURATION_SET, name, CONFIGURATION_SET_NAME,
                        "a configuration set name or ARN")),
                read.text(DEFAULT_COUNTRY).map(code -> read.matching(DEFAULT_COUNTRY, code.toUpperCase(Locale.ROOT),
                        COUNTRY, "a two-letter ISO 3166 country code such as JP")),
                read.countries(ALLOWED_COUNTRIES),
                read.bool(PROTECT_CONFIGURATION_ACCOUNT_DEFAULT, false),
                read.text(MAX_PRICE_PER_PART).map(price -> read.perPartCeiling(MAX_PRICE_PER_PART, price)),
                Callers.parse(read.object(CALLERS, CALLERS_EXPLANATION), CALLERS),
                read.wholeNumber(CALLER_DAILY_LIMIT, 1000, 1, 10_000_000),
                read.limits(CALLER_DAILY_LIMIT_OVERRIDES),
                read.wholeNumber(MESSAGE_RETENTION_DAYS, 90, 1, 3650),
                read.wholeNumber(API_RATE_LIMIT, 10, 1, 10_000),
                read.wholeNumber(API_BURST_LIMIT, 20, 1, 5_000),
                ApiGatewayCloudWatchRole.parse(read.required(API_GATEWAY_CLOUDWATCH_ROLE, ApiGatewayCloudWatchRole.EXPLANATION)),
                read.text(FUNCTIONS_JAR).orElse("functions/target/kotae-functions.jar"),
                read.required(BRAND_NAME),
                read.required(HELP_CONTACT),
                read.text(OPT_OUT_LIST).map(name -> read.matching(OPT_OUT_LIST, name, OPT_OUT_LIST_NAME,
                        "an opt-out list name")),
                read.bool(SELF_MANAGED_OPT_OUTS, true),
                read.bool(TAKE_OVER_TWO_WAY_CHANNEL, false),
                read.json(KEYWORDS),
                read.wholeNumber(INBOUND_MAX_CONCURRENCY, 5, 2, 1000),
                read.wholeNumber(MESSAGES_PER_SECOND, 1, 1, 3000),
                read.text(ALARM_EMAIL).map(email -> read.matching(ALARM_EMAIL, email, EMAIL, "an e-mail address")),
                new AlarmThresholds(
                        read.wholeNumber(INBOUND_OLDEST_MESSAGE_SECONDS, 300, 60, 1_209_600),
                        read.wholeNumber(API_5XX_THRESHOLD, 1, 1, 100_000),
                        read.wholeNumber(FAILED_DELIVERIES_THRESHOLD, 10, 1, 1_000_000),
                        read.wholeNumber(DELIVERY_RATE_PERCENT, 90, 1, 100),
                        read.wholeNumber(MONTHLY_SPEND_BUDGET, 100, 1, 10_000_000),
                        read.wholeNumber(SENT_PARTS_PER_HOUR, 1000, 1, 100_000_000)),
                sendPage(read),
                quietHours(read),
                promotionalFooter(read),
                read.wholeNumber(CONSENT_WINDOW_HOURS, 24, 1, 168));
    }

    /**
     * What Kotae adds to a marketing body that does not say who sends it and how to stop: it must say both itself,
     * the brand ({@code kotae:brandName}) and STOP or 停止, or it would add nothing that helps.
     */
    private static Optional<String> promotionalFooter(ContextReader read) {
        var brand = read.required(BRAND_NAME);
        return read.text(PROMOTIONAL_FOOTER).map(footer -> {
            var upper = footer.toUpperCase(Locale.ROOT);
            if (!upper.contains(brand.toUpperCase(Locale.ROOT)) || !(upper.contains("STOP") || footer.contains("停止"))
                    || footer.length() > 200) {
                throw new IllegalArgumentException("Context " + PROMOTIONAL_FOOTER + " must name the brand (" + brand
                        + ") and how to stop (STOP or 停止), in at most 200 characters, such as \"" + brand
                        + ": Reply STOP to stop\"; got '" + footer + "'.");
            }
            return footer;
        });
    }

    /** The recipient's quiet hours: two different times of day, 21:00-08:00 unless the deployment says otherwise. */
    private static String quietHours(ContextReader read) {
        var window = read.text(QUIET_HOURS).map(given -> read.matching(QUIET_HOURS, given, QUIET_WINDOW,
                "two times of day HH:MM-HH:MM, such as 21:00-08:00 (across midnight when the first is later)"))
                .orElse("21:00-08:00");
        if (window.substring(0, 5).equals(window.substring(6))) {
            throw new IllegalArgumentException("Context " + QUIET_HOURS + " must start and end at different times; got '"
                    + window + "'.");
        }
        return window;
    }

    /**
     * The send page's settings, with {@code kotae:web} only: its MFA or identity provider without it would be set and
     * do nothing, which synth refuses rather than deploy something other than what was asked for.
     */
    private static Optional<SendPageSettings> sendPage(ContextReader read) {
        var prefix = read.text(WEB_DOMAIN_PREFIX).map(given -> read.matching(WEB_DOMAIN_PREFIX, given, DOMAIN_PREFIX,
                "1 to 63 lower-case letters, digits and hyphens, not at either end, without aws, amazon or cognito"));
        var mfa = read.text(WEB_MFA).map(given -> SendPageSettings.Mfa.parse(WEB_MFA, given));
        var identityProvider = Optional.ofNullable(read.context().apply(WEB_IDENTITY_PROVIDER)).map(given ->
                SendPageSettings.identityProvider(read.object(WEB_IDENTITY_PROVIDER,
                        SendPageSettings.IDENTITY_PROVIDER_EXPLANATION), WEB_IDENTITY_PROVIDER));
        if (!read.bool(WEB, false)) {
            for (var pageOnly : List.of(Map.entry(WEB_MFA, mfa.isPresent()),
                    Map.entry(WEB_IDENTITY_PROVIDER, identityProvider.isPresent()))) {
                if (pageOnly.getValue()) {
                    throw new IllegalArgumentException("Context " + pageOnly.getKey() + " is set, and " + WEB + " is not"
                            + " true: it configures the send page, which is off. Give -c " + WEB + "=true, or remove "
                            + pageOnly.getKey() + ".");
                }
            }
            return Optional.empty();
        }
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("Context " + WEB + " is true, and " + WEB_DOMAIN_PREFIX + " is not set: the"
                    + " send page's people sign in at <prefix>.auth.<region>.amazoncognito.com; give -c "
                    + WEB_DOMAIN_PREFIX + "=<a prefix of your company's, e.g. acme-kotae>.");
        }
        return Optional.of(new SendPageSettings(prefix.get(), mfa.orElse(SendPageSettings.Mfa.APP), identityProvider));
    }

    public KotaeSettings {
        defaultCountry.filter(country -> !allowedCountries.contains(country)).ifPresent(country -> {
            throw new IllegalArgumentException("Context " + DEFAULT_COUNTRY + " is " + country + ", which "
                    + ALLOWED_COUNTRIES + " does not list: national numbers would be read as a country Kotae may not"
                    + " send to.");
        });
        var variable = keywordOverrides.map(String::length).orElse(0) + 3 * allowedCountries.size()
                + callerDailyLimitOverrides.entrySet().stream().mapToInt(limit -> limit.getKey().length() + 12).sum();
        if (variable > MAX_VARIABLE_SETTINGS) {
            throw new IllegalArgumentException("Context " + KEYWORDS + ", " + ALLOWED_COUNTRIES + " and "
                    + CALLER_DAILY_LIMIT_OVERRIDES + " take " + variable + " characters of the functions' environment"
                    + " together; at most " + MAX_VARIABLE_SETTINGS + " fit beside the other variables (Lambda keeps"
                    + " 4 KB of environment per function).");
        }
    }

    /** The configuration set every send uses: the one named in context, or the stack's own (which tracks deliveries). */
    public String configurationSetName() {
        return configurationSet.orElse(stackName + "-delivery");
    }

    /**
     * How many batch senders may run at once: enough for {@link #messagesPerSecond} when one sender
     * hands over about {@value #PARTS_PER_SENDER} parts a second (a SendTextMessage call of about 100 ms),
     * and at least two, the least an SQS event source's maximum concurrency takes (Lambda Developer
     * Guide, "Configuring maximum concurrency for Amazon SQS event sources").
     */
    public int batchSenderConcurrency() {
        return Math.max(2, (messagesPerSecond + PARTS_PER_SENDER - 1) / PARTS_PER_SENDER);
    }

    static final int PARTS_PER_SENDER = 10;

    /**
     * How many functions this deployment can run at once, by what runs them: each event source's maximum
     * concurrency, one relay per stream shard (a new table has few), and as many API functions as the stage's
     * burst admits requests at once. Scheduled sends come on top, as many as fall due together. A new account's
     * Lambda concurrency can be far lower (Lambda Developer Guide, "Lambda quotas": "New AWS accounts have
     * reduced concurrency and memory quotas").
     */
    public Map<String, Integer> functionsAtOnce() {
        var atOnce = new java.util.LinkedHashMap<String, Integer>();
        atOnce.put("inbound replies", inboundMaxConcurrency);
        if (tracksDeliveries()) {
            atOnce.put("delivery events", inboundMaxConcurrency);
        }
        atOnce.put("batch senders", batchSenderConcurrency());
        atOnce.put("the event relay", 1);
        atOnce.put("API requests (the stage's burst)", apiBurstLimit);
        return atOnce;
    }

    /** Whether the stack creates its own configuration set, and with it delivery tracking. */
    public boolean tracksDeliveries() {
        return configurationSet.isEmpty();
    }

    /**
     * Who provides the role API Gateway writes the stage's access logs with. It is one setting per
     * account and region ({@code AWS::ApiGateway::Account}), needed for access logs as much as for
     * execution logs (API Gateway Developer Guide, "Set up CloudWatch logging for REST APIs"); without it
     * creating the stage fails with "CloudWatch Logs role ARN must be set in account settings".
     */
    public enum ApiGatewayCloudWatchRole {
        /** The stack creates the role and points the account's setting at it; both stay when the stack goes. */
        CREATE,
        /** The account already has one (another stack or a platform team set it): the stack changes nothing. */
        EXISTING;

        static final String EXPLANATION = " API Gateway needs an account-wide CloudWatch Logs role to write access"
                + " logs: `create` makes one and sets it for this account and region (kept when the stack is"
                + " deleted); `existing` uses the one already set (check with"
                + " `aws apigateway get-account --query cloudwatchRoleArn`).";

        static ApiGatewayCloudWatchRole parse(String value) {
            return switch (value) {
                case "create" -> CREATE;
                case "existing" -> EXISTING;
                default -> throw new IllegalArgumentException("Context " + API_GATEWAY_CLOUDWATCH_ROLE
                        + " must be create or existing; got '" + value + "'." + EXPLANATION);
            };
        }
    }

    /**
     * Destinations are refused unless their country is listed: the guard against SMS pumping. No
     * default: a deploy names the countries it sends to, or synth stops.
     */
    static final String ALLOWED_COUNTRIES_EXPLANATION = " Name the countries Kotae may send to, as ISO 3166-1"
            + " alpha-2 codes separated by commas (-c kotae:allowedCountries=JP or JP,US); every other destination"
            + " is refused, by Kotae and by End User Messaging's protect configuration, against SMS pumping.";

    /** No default: an account's administrators and CI roles often hold execute-api:Invoke on everything. */
    static final String CALLERS_EXPLANATION = " Name who may call the API, as JSON: each IAM role ARN or account id"
            + " with its grants, \"send\" (POST /messages, GET /messages/*) and \"conversations\" (GET"
            + " /conversations/*, which reveals who opted out): -c 'kotae:callers={\"arn:aws:iam::111122223333:role/app\":"
            + " [\"send\"]}'. Anyone else is refused by API Gateway, whatever their IAM policy allows.";

    private record ContextReader(Function<String, Object> context) {

        /** Principal (role ARN or account id) → whole number of messages per day; none when not set. */
        Map<String, Integer> limits(String key) {
            if (context.apply(key) == null) {
                return Map.of();
            }
            var limits = new java.util.TreeMap<String, Integer>();
            object(key, "").forEach((principal, limit) -> {
                if (!(limit instanceof Integer count) || count < 1
                        || !String.valueOf(principal).matches("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]+|[0-9]{12}")) {
                    throw new IllegalArgumentException("Context " + key + " maps role ARNs or account ids to whole"
                            + " numbers of messages per day; got '" + principal + "': " + limit + ".");
                }
                limits.put(String.valueOf(principal), count);
            });
            return java.util.Collections.unmodifiableMap(limits);
        }

        /** A JSON object, given as JSON text (-c) or as an object in cdk.json / cdk.context.json. */
        Map<?, ?> object(String key, String explanation) {
            var value = context.apply(key);
            if (value == null) {
                required(key, explanation);
            }
            try {
                var tree = value instanceof String text ? JSON.readTree(text) : JSON.valueToTree(value);
                if (tree == null || !tree.isObject()) {
                    throw new IllegalArgumentException("Context " + key + " must be a JSON object." + explanation);
                }
                return JSON.treeToValue(tree, Map.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Context " + key + " is not valid JSON: " + e.getOriginalMessage()
                        + explanation);
            }
        }

        /** A list of countries, given as "JP,US" (-c) or as a JSON list in cdk.json / cdk.context.json. */
        List<String> countries(String key) {
            var value = context.apply(key);
            var codes = value instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                    : Arrays.asList(required(key, ALLOWED_COUNTRIES_EXPLANATION).split(","));
            var countries = new TreeSet<String>();
            for (var code : codes) {
                var country = code.trim().toUpperCase(Locale.ROOT);
                if (!SmsCountries.SUPPORTED.contains(country)) {
                    throw new IllegalArgumentException("Context " + key + " must list ISO 3166-1 alpha-2 codes of"
                            + " countries End User Messaging sends SMS to, such as JP; got '" + code.trim() + "', which"
                            + " its user guide does not list (Supported countries and regions for SMS messaging)."
                            + ALLOWED_COUNTRIES_EXPLANATION);
                }
                countries.add(country);
            }
            if (countries.isEmpty()) {
                throw new IllegalArgumentException("Context " + key + " is empty." + ALLOWED_COUNTRIES_EXPLANATION);
            }
            return List.copyOf(countries);
        }

        Optional<String> text(String key) {
            return Optional.ofNullable(context.apply(key)).map(Object::toString).map(String::trim)
                    .filter(value -> !value.isEmpty());
        }

        String required(String key) {
            return required(key, "");
        }

        String required(String key, String explanation) {
            return text(key).orElseThrow(() -> new IllegalArgumentException("Missing required context " + key
                    + ": set it in cdk.context.json or pass -c " + key + "=… to cdk synth/deploy." + explanation));
        }

        String matching(String key, String value, Pattern pattern, String expected) {
            if (!pattern.matcher(value).matches()) {
                throw new IllegalArgumentException("Context " + key + " must be " + expected + "; got '" + value + "'.");
            }
            return value;
        }

        /** US dollars per message part, which Kotae sends multiplied by a message's parts as its MaxPrice. */
        String perPartCeiling(String key, String price) {
            if (!MaxPrice.isPerPartCeiling(price)) {
                throw new IllegalArgumentException("Context " + key + " must be US dollars per message part with a decimal"
                        + " point, such as 0.05, at most " + MaxPrice.LARGEST_PER_PART.toPlainString() + " (Kotae sends it"
                        + " times a message's parts as SendTextMessage's MaxPrice, which holds at most "
                        + MaxPrice.LARGEST.toPlainString() + " for a message of up to " + MaxPrice.MOST_PARTS + " parts);"
                        + " got '" + price + "'.");
            }
            return price;
        }

        boolean bool(String key, boolean fallback) {
            var text = text(key);
            if (text.isEmpty()) {
                return fallback;
            }
            if (!text.get().equals("true") && !text.get().equals("false")) {
                throw new IllegalArgumentException("Context " + key + " must be true or false; got '" + text.get() + "'.");
            }
            return Boolean.parseBoolean(text.get());
        }

        /** A JSON object, given as JSON text (-c) or as an object in cdk.json / cdk.context.json. */
        Optional<String> json(String key) {
            var value = context.apply(key);
            if (value == null) {
                return Optional.empty();
            }
            String json;
            try {
                var tree = value instanceof String text ? JSON.readTree(text) : JSON.valueToTree(value);
                if (!tree.isObject()) {
                    throw new IllegalArgumentException("Context " + key + " must be a JSON object.");
                }
                json = JSON.writeValueAsString(tree);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Context " + key + " is not valid JSON: " + e.getOriginalMessage());
            }
            if (json.length() > MAX_KEYWORD_OVERRIDES) {
                throw new IllegalArgumentException("Context " + key + " is " + json.length() + " characters; at most "
                        + MAX_KEYWORD_OVERRIDES + " fit in the function's environment.");
            }
            return Optional.of(json);
        }

        int wholeNumber(String key, int fallback, int min, int max) {
            var text = text(key);
            if (text.isEmpty()) {
                return fallback;
            }
            try {
                var number = Integer.parseInt(text.get());
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below with the accepted range
            }
            throw new IllegalArgumentException("Context " + key + " must be a whole number from " + min + " to " + max
                    + "; got '" + text.get() + "'.");
        }
    }
}
