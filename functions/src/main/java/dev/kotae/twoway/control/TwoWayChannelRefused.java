package dev.kotae.twoway.control;

/**
 * End User Messaging cannot give this number or pool a two-way channel as configured. The message
 * names the fix; CloudFormation shows it as the stack event's reason.
 */
public final class TwoWayChannelRefused extends RuntimeException {

    public TwoWayChannelRefused(String message) {
        super(message);
    }
}
