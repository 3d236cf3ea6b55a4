package dev.kotae.benchmarks;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes the network out of a measurement: while recording it passes each call to a real HTTP
 * client and keeps the last response per AWS operation ({@code X-Amz-Target}); once replaying it
 * answers from memory. What remains is Kotae's own work and the SDK's (marshalling, signing,
 * response parsing, checksums), which is what a warm invocation costs besides the network.
 */
final class ReplayingHttpClient implements SdkHttpClient {

    private final SdkHttpClient recorder;
    private final Map<String, Recorded> responses = new ConcurrentHashMap<>();
    private volatile boolean replaying;

    ReplayingHttpClient(SdkHttpClient recorder) {
        this.recorder = recorder;
    }

    /** From now on, answer from what was recorded; an operation never recorded fails. */
    void replay() {
        replaying = true;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        var operation = request.httpRequest().firstMatchingHeader("X-Amz-Target")
                .orElseThrow(() -> new IllegalStateException("not a JSON-protocol AWS call: " + request.httpRequest()));
        if (replaying) {
            var recorded = responses.get(operation);
            if (recorded == null) {
                throw new IllegalStateException(operation + " was never recorded");
            }
            return executable(recorded::toResponse);
        }
        var real = recorder.prepareRequest(request);
        return executable(() -> {
            var response = real.call();
            var body = response.responseBody().isPresent() ? response.responseBody().get().readAllBytes() : new byte[0];
            var recorded = new Recorded(response.httpResponse(), body);
            responses.put(operation, recorded);
            return recorded.toResponse();
        });
    }

    @Override
    public void close() {
        recorder.close();
    }

    private static ExecutableHttpRequest executable(Call call) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return call.execute();
            }

            @Override
            public void abort() {
            }
        };
    }

    private interface Call {
        HttpExecuteResponse execute() throws IOException;
    }

    private record Recorded(SdkHttpResponse response, byte[] body) {
        HttpExecuteResponse toResponse() {
            return HttpExecuteResponse.builder()
                    .response(response)
                    .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                    .build();
        }
    }
}
