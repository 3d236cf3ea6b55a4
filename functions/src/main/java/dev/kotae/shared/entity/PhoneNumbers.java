package dev.kotae.shared.entity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.text.Normalizer;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns what people type as a phone number into E.164, or refuses it.
 *
 * <p>Spaces, hyphens and parentheses are layout and are dropped; full-width digits are folded to
 * ASCII. A national number ({@code 090-1234-5678}) is read only when a default country is
 * configured. Validity is libphonenumber's: the number must exist in its country's plan, so typos
 * fail here with a clear error instead of costing a failed delivery.
 *
 * <p>A destination must also be in a country Kotae may send to ({@code kotae:allowedCountries}),
 * the first guard against SMS pumping: traffic pumped to premium numbers abroad.
 */
public final class PhoneNumbers {

    private static final Pattern LAYOUT = Pattern.compile("[\\s\\-()]");
    private static final Pattern DIALLABLE = Pattern.compile("\\+?[0-9]+");
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Set<Integer> CALLING_CODES = Set.copyOf(UTIL.getSupportedCallingCodes());

    private final String defaultRegion;
    /** Empty: any country. */
    private final Set<String> destinationCountries;

    private PhoneNumbers(String defaultRegion, Set<String> destinationCountries) {
        this.defaultRegion = defaultRegion;
        this.destinationCountries = Set.copyOf(destinationCountries);
    }

    /** Accepts E.164 only. */
    public static PhoneNumbers internationalOnly() {
        return new PhoneNumbers(null, Set.of());
    }

    /** Also accepts national numbers of {@code isoCountryCode} (such as {@code JP}). */
    public static PhoneNumbers withDefaultCountry(String isoCountryCode) {
        var region = isoCountryCode.toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("Unknown ISO 3166 country code for the default country: " + isoCountryCode);
        }
        return new PhoneNumbers(region, Set.of());
    }

    /** The same reading, with destinations only in these countries (ISO 3166-1 alpha-2). */
    public PhoneNumbers sendingOnlyTo(Set<String> isoCountryCodes) {
        return new PhoneNumbers(defaultRegion, isoCountryCodes);
    }

    /**
     * A number this deployment may send to, for SnapStart priming's sample request: the example mobile
     * number (libphonenumber's) of the default country when it is allowed, else of the first allowed one.
     */
    public String sample() {
        var defaultAllowed = defaultRegion != null
                && (destinationCountries.isEmpty() || destinationCountries.contains(defaultRegion));
        var region = defaultAllowed ? defaultRegion
                : destinationCountries.stream().sorted().findFirst().orElse("US");
        return UTIL.format(UTIL.getExampleNumberForType(region, PhoneNumberUtil.PhoneNumberType.MOBILE),
                PhoneNumberFormat.E164);
    }

    /**
     * A number Kotae may send to, in E.164.
     *
     * @throws KotaeException {@link ErrorCode#INVALID_PHONE_NUMBER}, or {@link ErrorCode#DESTINATION_NOT_ALLOWED}
     *                        naming the number's country
     */
    public String toDestination(String input, String field) {
        var number = valid(input, field);
        refusalOf(number, field).ifPresent(refusal -> {
            throw refusal;
        });
        return UTIL.format(number, PhoneNumberFormat.E164);
    }

    /** Why Kotae may not send to {@code e164} (already E.164), if it may not. */
    public Optional<KotaeException> refusalOfDestination(String e164, String field) {
        try {
            return refusalOf(UTIL.parse(e164, null), field);
        } catch (NumberParseException e) {
            return refusalOf(null, field);
        }
    }

    private Optional<KotaeException> refusalOf(Phonenumber.PhoneNumber number, String field) {
        if (destinationCountries.isEmpty()) {
            return Optional.empty();
        }
        var country = Optional.ofNullable(number).map(UTIL::getRegionCodeForNumber).orElse("ZZ");
        if (destinationCountries.contains(country)) {
            return Optional.empty();
        }
        return Optional.of(new KotaeException(ErrorCode.DESTINATION_NOT_ALLOWED, "Kotae sends only to "
                + String.join(", ", new TreeSet<>(destinationCountries)) + "; this number is in "
                + (country.equals("ZZ") ? "no single country" : country) + ".", field));
    }

    /**
     * @param field the request field named in the error
     * @throws KotaeException {@link ErrorCode#INVALID_PHONE_NUMBER} when the input is not a valid number
     */
    public String toE164(String input, String field) {
        return UTIL.format(valid(input, field), PhoneNumberFormat.E164);
    }

    /** One parse per number: what people typed, read as a number valid in its country's plan. */
    private Phonenumber.PhoneNumber valid(String input, String field) {
        var compact = LAYOUT.matcher(Normalizer.normalize(input, Normalizer.Form.NFKC)).replaceAll("");
        if (!DIALLABLE.matcher(compact).matches()) {
            throw invalid(field, "'" + field + "' must be a phone number in E.164 format, such as +819012345678.");
        }
        if (!compact.startsWith("+") && defaultRegion == null) {
            throw invalid(field, "'" + field + "' must start with + and the country code (E.164, such as +819012345678);"
                    + " national numbers need a default country to be configured.");
        }
        try {
            var number = UTIL.parse(compact, compact.startsWith("+") ? null : defaultRegion);
            if (!UTIL.isValidNumber(number)) {
                throw invalid(field, "'" + field + "' is not a valid phone number in its country's numbering plan.");
            }
            return number;
        } catch (NumberParseException e) {
            throw invalid(field, "'" + field + "' is not a phone number: " + e.getMessage());
        }
    }

    /**
     * The time zones a number is in, as libphonenumber's geocoder maps its prefix (a mobile number may map to its
     * country's several zones); its country's zones when the prefix maps to none; UTC only when even those are
     * unknown.
     */
    public static List<ZoneId> timeZonesOf(String e164) {
        try {
            var number = UTIL.parse(e164, null);
            var zones = zonesOf(number);
            if (zones.isEmpty()) {
                // A prefix the geocoder does not place: every zone of its country, whose night must then be over in all.
                zones = Optional.ofNullable(UTIL.getExampleNumberForType(UTIL.getRegionCodeForNumber(number),
                        PhoneNumberUtil.PhoneNumberType.MOBILE)).map(PhoneNumbers::zonesOf).orElse(List.of());
            }
            return zones.isEmpty() ? List.of(ZoneOffset.UTC) : zones;
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("not an E.164 number", e);
        }
    }

    private static List<ZoneId> zonesOf(Phonenumber.PhoneNumber number) {
        return PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number).stream()
                .filter(zone -> !zone.equals(PhoneNumberToTimeZonesMapper.getUnknownTimeZone()))
                .map(ZoneId::of)
                .toList();
    }

    /**
     * For logs: the country code and the last four digits, the rest masked ({@code +81******5678}),
     * enough to tell numbers apart in an incident without exposing whom Kotae texts.
     */
    public static String mask(String e164) {
        var digits = e164.startsWith("+") ? e164.substring(1) : e164;
        var countryCodeLength = countryCodeLength(digits);
        var kept = Math.min(4, Math.max(0, digits.length() - countryCodeLength));
        var hidden = digits.length() - countryCodeLength - kept;
        return "+" + digits.substring(0, countryCodeLength) + "*".repeat(hidden) + digits.substring(digits.length() - kept);
    }

    /**
     * Calling codes are prefix-free (ITU E.164), so at most one of a number's first one to three
     * digits is a code; 0 when none is. A lookup, not a parse: every audit line masks numbers.
     */
    private static int countryCodeLength(String digits) {
        for (int length = 1; length <= Math.min(3, digits.length()); length++) {
            var prefix = digits.substring(0, length);
            if (prefix.chars().allMatch(Character::isDigit) && CALLING_CODES.contains(Integer.parseInt(prefix))) {
                return length;
            }
        }
        return 0;
    }

    private static KotaeException invalid(String field, String message) {
        return new KotaeException(ErrorCode.INVALID_PHONE_NUMBER, message, field);
    }
}
