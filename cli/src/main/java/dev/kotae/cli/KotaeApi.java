package dev.kotae.cli;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The messages API as the caller's own AWS identity calls it: each request signed with SigV4 for
 * {@code execute-api} with credentials from the SDK's default chain (environment, profile, SSO,
 * instance role). Kotae never stores a key. The sandbox on loopback does not check signatures, so
 * there a request goes unsigned when no credentials are found.
 */
final class KotaeApi {

    /** {@code https://{id}.execute-api.{region}.amazonaws.com/{stage}/}: the Region is in the host. */
    private static final Pattern API_HOST = Pattern.compile("[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One answer: its status and body, as the API gave them. */
    record Answer(int status, String body, Optional<String> retryAfter) {
    }

    private final URI base;
    private final String region;
    private final Optional<AwsCredentialsIdentity> credentials;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private KotaeApi(URI base, String region, Optional<AwsCredentialsIdentity> credentials) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.region = region;
        this.credentials = credentials;
    }

    /**
     * Finds the API ({@code --api-url}, or the stack's ApiUrl output) and the caller's credentials.
     *
     * @throws CliFailure when neither can be found
     */
    static KotaeApi connect(ApiOptions options) {
        var chain = credentials(options.profile());
        var url = Optional.ofNullable(options.apiUrl);
        var region = options.region()
                .or(() -> url.flatMap(KotaeApi::regionOf))
                .or(KotaeApi::defaultRegion);
        if (url.isPresent() && isLoopback(url.get())) {
            return new KotaeApi(url.get(), region.orElse("ap-northeast-1"), credentialsIfAny(chain));
        }
        var signingRegion = region.orElseThrow(() -> new CliFailure(ExitCode.UNAVAILABLE,
                "No AWS Region: give --region, or set one in your profile (aws configure)."));
        var identity = credentialsIfAny(chain).orElseThrow(() -> new CliFailure(ExitCode.UNAVAILABLE,
                "No AWS credentials found" + options.profile().map(p -> " for profile " + p).orElse("")
                        + ": run `aws sso login`" + options.profile().map(p -> " --profile " + p).orElse("")
                        + ", or configure a profile; Kotae never stores keys."));
        var api = url.orElseGet(() -> URI.create(stackOutput(options.stack, signingRegion, chain, "ApiUrl")));
        return new KotaeApi(api, signingRegion, Optional.of(identity));
    }

    Answer get(String path) {
        return call(SdkHttpMethod.GET, path, null, Map.of());
    }

    Answer delete(String path) {
        return call(SdkHttpMethod.DELETE, path, null, Map.of());
    }

    Answer post(String path, String json, Map<String, String> headers) {
        return call(SdkHttpMethod.POST, path, json, headers);
    }

    Answer put(String path, String json) {
        return call(SdkHttpMethod.PUT, path, json, Map.of("Content-Type", "application/json"));
    }

    private Answer call(SdkHttpMethod method, String path, String body, Map<String, String> headers) {
        var uri = base.resolve(path);
        var request = SdkHttpRequest.builder().method(method).uri(uri);
        headers.forEach(request::putHeader);
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        var unsigned = request.build();
        var signed = credentials.map(identity -> AwsV4HttpSigner.create().sign(sign -> sign
                .identity(identity)
                .request(unsigned)
                .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request()).orElse(unsigned);
        var send = HttpRequest.newBuilder(uri).timeout(TIMEOUT).method(method.name(), body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(value -> send.header(name, value));
            }
        });
        try {
            var response = http.send(send.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
        } catch (IOException e) {
            var why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new CliFailure(ExitCode.UNAVAILABLE, "Kotae's API at " + base + " did not answer (" + why + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.UNAVAILABLE, "Interrupted.");
        }
    }

    private static Optional<AwsCredentialsIdentity> credentialsIfAny(DefaultCredentialsProvider chain) {
        try {
            return Optional.of(chain.resolveCredentials());
        } catch (SdkClientException none) {
            return Optional.empty();
        }
    }

    /** One of the stack's outputs (ApiUrl, AlarmTopicArn), as `cdk deploy` printed them. */
    static String stackOutput(ApiOptions options, String key) {
        return stackOutput(options.stack, region(options), credentials(options.profile()), key);
    }

    /** The Region the stack is read in: --region, or the SDK's. */
    static String region(ApiOptions options) {
        return options.region().or(KotaeApi::defaultRegion).orElseThrow(() -> new CliFailure(ExitCode.UNAVAILABLE,
                "No AWS Region: give --region, or set one in your profile (aws configure)."));
    }

    /** The SDK's default credentials chain, from {@code profile} when one is named. */
    static DefaultCredentialsProvider credentials(Optional<String> profile) {
        var provider = DefaultCredentialsProvider.builder();
        profile.ifPresent(provider::profileName);
        return provider.build();
    }

    private static String stackOutput(String stack, String region, DefaultCredentialsProvider credentials, String key) {
        try (var cloudFormation = CloudFormationClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            return cloudFormation.describeStacks(d -> d.stackName(stack)).stacks().stream()
                    .flatMap(found -> found.outputs().stream())
                    .filter(output -> output.outputKey().equals(key))
                    .map(output -> output.outputValue())
                    .findFirst()
                    .orElseThrow(() -> new CliFailure(ExitCode.UNAVAILABLE, "Stack " + stack + " in " + region
                            + " has no " + key + " output: is it a Kotae stack? Give --stack or --api-url."));
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, "Could not read stack " + stack + " in " + region + " ("
                    + e.getMessage() + "); give --stack, --region or --api-url.");
        }
    }

    private static Optional<String> regionOf(URI api) {
        var host = API_HOST.matcher(Optional.ofNullable(api.getHost()).orElse(""));
        return host.matches() ? Optional.of(host.group(1)) : Optional.empty();
    }

    private static Optional<String> defaultRegion() {
        try {
            return Optional.of(DefaultAwsRegionProviderChain.builder().build().getRegion().id());
        } catch (SdkClientException none) {
            return Optional.empty();
        }
    }

    private static boolean isLoopback(URI url) {
        try {
            return url.getHost() != null && InetAddress.getByName(url.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
