package dev.kotae.aws;

import dev.kotae.messages.control.SmsGateway;
import dev.kotae.platform.priming.Priming;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ThrottlingException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The SDK clients Kotae's functions use, built once per execution environment.
 *
 * <p>One lightweight HTTP client (URLConnection: the fastest to start, and Lambda calls are one at
 * a time), the region from {@code AWS_REGION} (or {@code aws.region}), never discovered.
 * Endpoints come from the SDK's own settings ({@code AWS_ENDPOINT_URL_DYNAMODB},
 * {@code AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2}, {@code AWS_ENDPOINT_URL_EVENTBRIDGE}, {@code AWS_ENDPOINT_URL_SCHEDULER} or their
 * {@code aws.endpointUrl*} properties),
 * which is how tests and the local sandbox point the same code at local stand-ins.
 */
public final class AwsClients {

    private static final DefaultCredentialsProvider CREDENTIALS = DefaultCredentialsProvider.builder().build();

    private AwsClients() {
    }

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }

    public static DynamoDbClient dynamoDb(SdkHttpClient http) {
        return build(DynamoDbClient.builder(), http, overrides -> { });
    }

    /**
     * SendTextMessage has no idempotency token, so only throttling (refused before sending) is
     * retried; a 5xx or a time-out may have sent the SMS, and a blind retry could send it twice.
     */
    public static PinpointSmsVoiceV2Client sms(SdkHttpClient http) {
        return sms(http, 3);
    }

    /**
     * As {@link #sms(SdkHttpClient)}, without retrying a throttle: the batch sender paces its calls and
     * puts a throttled entry back on its queue, so a retry here would only ask again while the number is
     * over its rate.
     */
    public static PinpointSmsVoiceV2Client smsWithoutRetries(SdkHttpClient http) {
        return sms(http, 1);
    }

    private static PinpointSmsVoiceV2Client sms(SdkHttpClient http, int attempts) {
        var retryThrottlingOnly = StandardRetryStrategy.builder()
                .useClientDefaults(false)
                .maxAttempts(attempts)
                .retryOnException(ThrottlingException.class)
                .treatAsThrottling(ThrottlingException.class::isInstance)
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelayHalfJitter(
                        Duration.ofMillis(200), Duration.ofSeconds(2)))
                .circuitBreakerEnabled(false)
                .build();
        return build(PinpointSmsVoiceV2Client.builder(), http, overrides -> overrides
                .retryStrategy(retryThrottlingOnly)
                .apiCallTimeout(SmsGateway.LONGEST_CALL));
    }

    public static EventBridgeClient eventBridge(SdkHttpClient http) {
        return build(EventBridgeClient.builder(), http, overrides -> { });
    }

    public static SqsClient sqs(SdkHttpClient http) {
        return build(SqsClient.builder(), http, overrides -> { });
    }

    public static SchedulerClient scheduler(SdkHttpClient http) {
        return build(SchedulerClient.builder(), http, overrides -> { });
    }

    /**
     * What every client shares: the HTTP client, the region, one credentials provider (so a function
     * with three clients resolves its credentials once), and priming's interceptor and transport,
     * which keep every call that may write in the process while priming ({@link Priming}).
     */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, SdkHttpClient http, Consumer<ClientOverrideConfiguration.Builder> overrides) {
        return builder.httpClient(Priming.transportOver(http))
                .region(region())
                .credentialsProvider(CREDENTIALS)
                .overrideConfiguration(o -> overrides.accept(o.addExecutionInterceptor(Priming.interceptor())))
                .build();
    }

    private static Region region() {
        return Region.of(SdkSystemSetting.AWS_REGION.getStringValueOrThrow());
    }
}
