package dev.kotae.platform.environment;

import java.util.Map;
import java.util.Set;

import static dev.kotae.settings.FunctionVariable.BATCH_QUEUE_URL;
import static dev.kotae.settings.FunctionVariable.CANCEL_ANY_CALLERS;
import static dev.kotae.settings.FunctionVariable.MESSAGES_PER_SECOND;

/**
 * Where batch entries wait and how fast they leave: the settings of the batch functions, from the
 * environment the stack sets.
 *
 * @param queueUrl            the batch queue the API puts entries on and the sender reads
 * @param partsPerSecond      the sender's pace, in message parts per second ({@code kotae:messagesPerSecond})
 * @param cancelAnyPrincipals role ARNs and account ids that may cancel any caller's batches
 */
public record BatchSettings(String queueUrl, int partsPerSecond, Set<String> cancelAnyPrincipals) {


    public static BatchSettings from(Map<String, String> environment) {
        var variables = new EnvironmentVariables(environment);
        var pace = Integer.parseInt(variables.required(MESSAGES_PER_SECOND));
        if (pace < 1) {
            throw new IllegalStateException("Environment variable " + MESSAGES_PER_SECOND + " must be at least 1");
        }
        return new BatchSettings(variables.required(BATCH_QUEUE_URL), pace,
                variables.names(CANCEL_ANY_CALLERS));
    }
}
