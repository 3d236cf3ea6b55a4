package dev.kotae.twoway.entity;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A number's (or pool's) two-way settings: where End User Messaging publishes replies, with which
 * role, and whether STOP is left to the application (self-managed opt-outs).
 */
public record TwoWaySettings(
        boolean enabled,
        Optional<String> channelArn,
        Optional<String> channelRole,
        boolean selfManagedOptOuts) {

    /** Whether replies go to a channel other than {@code ours}: someone else's, which taking the number over ends. */
    public boolean sendsRepliesElsewhereThan(String ours) {
        return enabled && channelArn.filter(channel -> !channel.equals(ours)).isPresent();
    }

    /**
     * These settings as they can be put back over Kotae's. End User Messaging cannot remove a channel's
     * role (UpdatePhoneNumber's and UpdatePool's TwoWayChannelRole is at least 20 characters: API
     * reference), so two-way that had no role would keep Kotae's, deleted with the stack, and its replies
     * would be lost: it is turned off instead.
     */
    public TwoWaySettings restorable() {
        return enabled && channelRole.isEmpty() ? new TwoWaySettings(false, channelArn, channelRole, selfManagedOptOuts) : this;
    }

    /** A compact, reversible text for a CloudFormation physical resource id (at most 1 KB). */
    public String encode() {
        var text = enabled + "\n" + channelArn.orElse("") + "\n" + channelRole.orElse("") + "\n" + selfManagedOptOuts;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static TwoWaySettings decode(String encoded) {
        var parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not encoded two-way settings");
        }
        return new TwoWaySettings(Boolean.parseBoolean(parts[0]), Optional.of(parts[1]).filter(s -> !s.isEmpty()),
                Optional.of(parts[2]).filter(s -> !s.isEmpty()), Boolean.parseBoolean(parts[3]));
    }
}
