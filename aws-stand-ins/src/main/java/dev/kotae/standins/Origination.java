package dev.kotae.standins;

/**
 * A phone number or pool the simulator knows, with the settings the two-way set-up reads and changes.
 *
 * @param kind {@code phone-number} or {@code pool}
 */
public record Origination(
        String kind,
        String id,
        String phoneNumber,
        boolean twoWayEnabled,
        String twoWayChannelArn,
        String twoWayChannelRole,
        boolean selfManagedOptOutsEnabled,
        String optOutListName) {

    public static Origination phoneNumber(String id, String e164) {
        return new Origination("phone-number", id, e164, false, null, null, false, "Default");
    }

    public static Origination pool(String id) {
        return new Origination("pool", id, null, false, null, null, false, "Default");
    }

    public String arn() {
        return "arn:aws:sms-voice:ap-northeast-1:123456789012:" + kind + "/" + id;
    }

    Origination withTwoWay(boolean enabled, String channelArn, String channelRole) {
        return new Origination(kind, id, phoneNumber, enabled, channelArn, channelRole, selfManagedOptOutsEnabled,
                optOutListName);
    }

    Origination withSelfManagedOptOuts(boolean enabled) {
        return new Origination(kind, id, phoneNumber, twoWayEnabled, twoWayChannelArn, twoWayChannelRole, enabled,
                optOutListName);
    }
}
