package dev.kotae.sandbox;

import dev.kotae.settings.KotaeSettings;
import dev.kotae.standins.StandIns;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the sandbox runs. Ports other than the API's are picked free at start and printed.
 *
 * @param visibilityTimeout how long a failed inbound message stays hidden before its next receive;
 *                          the stack uses six times the function's timeout (180 s), which locally
 *                          would only slow the road to the dead-letter queue
 * @param numberPartsPerSecond the simulated number's throughput, in message parts per second, above
 *                          which the simulator throttles as End User Messaging does
 * @param context           the deployment's settings as {@code cdk deploy -c key=value} takes them
 *                          ({@link #DEPLOYED_AS}, then what {@code -c} adds or replaces)
 */
public record SandboxOptions(
        String host,
        int apiPort,
        Optional<Path> dataDirectory,
        String caller,
        Duration visibilityTimeout,
        String ourNumber,
        int numberPartsPerSecond,
        Map<String, String> context) {

    /**
     * The {@code cdk deploy} settings of docs/deploying.md, less what only AWS needs (the number comes from the
     * simulator; the brand is the sandbox's walkthrough's). The allowed countries add the US: the
     * simulator's test destinations, one of which always fails delivery, are US numbers.
     */
    public static final Map<String, String> DEPLOYED_AS = Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP",
            KotaeSettings.ALLOWED_COUNTRIES, "JP,US", KotaeSettings.MESSAGES_PER_SECOND, "10");

    /** A long code's throughput in many countries: twice what the sandbox's batches are paced at. */
    public static final int NUMBER_PARTS_PER_SECOND = 20;

    public SandboxOptions {
        context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    public static SandboxOptions defaults() {
        return new SandboxOptions("127.0.0.1", 8080, Optional.empty(),
                "arn:aws:sts::000000000000:assumed-role/local-developer/sandbox", Duration.ofSeconds(5),
                StandIns.OUR_NUMBER, NUMBER_PARTS_PER_SECOND, DEPLOYED_AS);
    }

    public SandboxOptions withApiPort(int port) {
        return new SandboxOptions(host, port, dataDirectory, caller, visibilityTimeout, ourNumber, numberPartsPerSecond, context);
    }

    public SandboxOptions withDataDirectory(Path directory) {
        return new SandboxOptions(host, apiPort, Optional.of(directory), caller, visibilityTimeout, ourNumber, numberPartsPerSecond, context);
    }

    public SandboxOptions withCaller(String principal) {
        return new SandboxOptions(host, apiPort, dataDirectory, principal, visibilityTimeout, ourNumber, numberPartsPerSecond, context);
    }

    public SandboxOptions withVisibilityTimeout(Duration timeout) {
        return new SandboxOptions(host, apiPort, dataDirectory, caller, timeout, ourNumber, numberPartsPerSecond, context);
    }

    public SandboxOptions withNumberPartsPerSecond(int limit) {
        return new SandboxOptions(host, apiPort, dataDirectory, caller, visibilityTimeout, ourNumber, limit, context);
    }

    /** One {@code -c key=value}, as {@code cdk deploy} takes it. */
    public SandboxOptions withContext(String key, String value) {
        var changed = new LinkedHashMap<>(context);
        changed.put(key, value);
        return new SandboxOptions(host, apiPort, dataDirectory, caller, visibilityTimeout, ourNumber, numberPartsPerSecond, changed);
    }
}
