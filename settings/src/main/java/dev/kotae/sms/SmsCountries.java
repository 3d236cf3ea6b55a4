package dev.kotae.sms;

import java.util.Set;
import java.util.TreeSet;

/**
 * The countries and regions AWS End User Messaging SMS sends SMS to, by ISO 3166-1 alpha-2 code, as
 * its user guide lists them ("Supported countries and regions for SMS messaging with AWS End User
 * Messaging SMS", read 2026-12-04: 215 codes). It is not Java's list of ISO codes: the guide has
 * Kosovo ({@code XK}), which Java lacks, and no code for places without SMS service (Antarctica,
 * Bouvet Island, the US Minor Outlying Islands and others Java holds).
 *
 * <p>What the service itself holds is the truth: a protect configuration's country rule set lists
 * every code it knows (CloudFormation Template Reference, AWS::SMSVOICE::ProtectConfiguration
 * CountryRuleSet: "AWS End User Messaging SMS always returns all country codes"), and the stack's
 * custom resource blocks whatever this list lacks. This list is where a deployment's allowed
 * countries are checked at synth, the first rule set the stack writes, and the SMS simulator's
 * service.
 */
public final class SmsCountries {

    /** Every code the guide lists for SMS, sorted. */
    public static final Set<String> SUPPORTED = java.util.Collections.unmodifiableSet(new TreeSet<>(Set.of(
            "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AR", "AT", "AU", "AW", "AZ", "BA", "BB", "BD", "BE",
            "BF", "BG", "BH", "BI", "BM", "BN", "BO", "BR", "BS", "BT", "BW", "BY", "BZ", "CA", "CD", "CF", "CG",
            "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CV", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ",
            "EC", "EE", "EG", "ER", "ES", "ET", "FI", "FJ", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG",
            "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GT", "GU", "GW", "GY", "HK", "HN", "HR", "HT", "HU",
            "ID", "IE", "IL", "IM", "IN", "IQ", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KM", "KN",
            "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC",
            "MD", "ME", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX",
            "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NU", "NZ", "OM", "PA", "PE", "PF",
            "PG", "PH", "PK", "PL", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB",
            "SC", "SE", "SG", "SI", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SZ", "TC", "TD", "TG",
            "TH", "TJ", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "US", "UY", "UZ", "VE",
            "VG", "VI", "VN", "VU", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW")));

    private SmsCountries() {
    }
}
