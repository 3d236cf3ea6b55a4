package dev.kotae.settings;

import java.util.regex.Pattern;

/**
 * The number or pool Kotae sends from, as End User Messaging names it. IAM scopes
 * {@code sms-voice:SendTextMessage} by ARN, so the setting must be an id or ARN that resolves to
 * one: a bare E.164 number cannot be turned into the phone number's ARN.
 *
 * @param value        what SendTextMessage receives as OriginationIdentity (the id or ARN as given)
 * @param resourceType {@code phone-number} or {@code pool}
 * @param resourceId   the id within that type
 * @param arn          the full ARN when given as one; otherwise null and built in the stack's account and region
 */
public record OriginationIdentity(String value, String resourceType, String resourceId, String arn) {

    private static final Pattern PHONE_NUMBER_ID = Pattern.compile("phone-[0-9a-zA-Z]+");
    private static final Pattern POOL_ID = Pattern.compile("pool-[0-9a-zA-Z]+");
    private static final Pattern ARN = Pattern.compile(
            "arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:[0-9]{12}:(phone-number|pool)/((phone|pool)-[0-9a-zA-Z]+)");

    public static OriginationIdentity parse(String setting, String contextKey) {
        var value = setting.trim();
        if (PHONE_NUMBER_ID.matcher(value).matches()) {
            return new OriginationIdentity(value, "phone-number", value, null);
        }
        if (POOL_ID.matcher(value).matches()) {
            return new OriginationIdentity(value, "pool", value, null);
        }
        var arn = ARN.matcher(value);
        if (arn.matches()) {
            return new OriginationIdentity(value, arn.group(1), arn.group(2), value);
        }
        throw new IllegalArgumentException("Context " + contextKey + " must be a phone number id (phone-…), a pool id"
                + " (pool-…) or the ARN of either; got '" + setting + "'. Find yours with"
                + " `aws pinpoint-sms-voice-v2 describe-phone-numbers` or `describe-pools`.");
    }
}
