package dev.kotae.standins;

/**
 * A phone number or pool the simulator knows, with the settings the two-way set-up reads and changes.
 *
 * @param kind          {@code phone-number} or {@code pool}
 * @param poolId        the pool a phone number belongs to, or null
 * @param twoWayCapable whether End User Messaging offers two-way SMS for this number (it depends on the
 *                      number's country and type: the user guide's country capabilities table); a pool
 *                      is as capable as its numbers
 */
public record Origination(
        String kind,
        String id,
        String phoneNumber,
        boolean twoWayEnabled,
        String twoWayChannelArn,
        String twoWayChannelRole,
        boolean selfManagedOptOutsEnabled,
        String optOutListName,
        String poolId,
        boolean twoWayCapable) {

    public static Origination phoneNumber(String id, String e164) {
        return new Origination("phone-number", id, e164, false, null, null, false, "Default", null, true);
    }

    public static Origination pool(String id) {
        return new Origination("pool", id, null, false, null, null, false, "Default", null, true);
    }

    public String arn() {
        return "arn:aws:sms-voice:ap-northeast-1:123456789012:" + kind + "/" + id;
    }

    /** The same number, associated with {@code pool}. */
    public Origination inPool(String pool) {
        return new Origination(kind, id, phoneNumber, twoWayEnabled, twoWayChannelArn, twoWayChannelRole,
                selfManagedOptOutsEnabled, optOutListName, pool, twoWayCapable);
    }

    /** The same number, in a country or of a type End User Messaging offers no two-way SMS for. */
    public Origination withoutTwoWayCapability() {
        return new Origination(kind, id, phoneNumber, twoWayEnabled, twoWayChannelArn, twoWayChannelRole,
                selfManagedOptOutsEnabled, optOutListName, poolId, false);
    }

    /** The same number or pool with these two-way settings (as UpdatePhoneNumber or UpdatePool sets them). */
    public Origination withTwoWay(boolean enabled, String channelArn, String channelRole) {
        return new Origination(kind, id, phoneNumber, enabled, channelArn, channelRole, selfManagedOptOutsEnabled,
                optOutListName, poolId, twoWayCapable);
    }

    Origination withSelfManagedOptOuts(boolean enabled) {
        return new Origination(kind, id, phoneNumber, twoWayEnabled, twoWayChannelArn, twoWayChannelRole, enabled,
                optOutListName, poolId, twoWayCapable);
    }
}
