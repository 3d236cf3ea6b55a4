package dev.kotae.destinations.control;

/**
 * The protect configuration cannot be made to hold what the deployment promises. The message names
 * the fix; CloudFormation shows it as the stack event's reason.
 */
public final class DestinationsRefused extends RuntimeException {

    public DestinationsRefused(String message) {
        super(message);
    }
}
