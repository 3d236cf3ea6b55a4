package dev.kotae.platform.priming;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kotae.platform.encoding.Json;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP client under every SDK client Kotae builds. A call that priming must not transmit (the
 * {@link Priming} interceptor marks it, after the SDK marshalled and signed it) is answered here, from
 * memory, as the service answers success; everything else goes to the real client. Kotae's code and
 * the SDK then read the answer as they would the service's, so a restored environment finds the
 * response side of every call loaded too.
 */
final class PrimingTransport implements SdkHttpClient {

    private final SdkHttpClient network;

    PrimingTransport(SdkHttpClient network) {
        this.network = network;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        var stopped = request.httpRequest().firstMatchingHeader(Priming.STOP_HEADER);
        if (stopped.isEmpty()) {
            return network.prepareRequest(request);
        }
        var body = successFor(stopped.get(), request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("x-amzn-RequestId", Priming.REQUEST_ID).build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {
                // Nothing was sent: nothing to abort.
            }
        };
    }

    /**
     * The smallest answer each stopped operation's success has, as its API reference describes the
     * output: SendTextMessage names the message, PutEvents has an entry per event sent and none failed,
     * and the table's writes (TransactWriteItems, PutItem, UpdateItem) answer nothing they were not asked.
     */
    private static byte[] successFor(String operation, HttpExecuteRequest request) {
        try {
            var answer = Json.MAPPER.createObjectNode();
            switch (operation) {
                case "PinpointSmsVoiceV2.SendTextMessage" -> answer.put("MessageId", Priming.MESSAGE_ID);
                case "EventBridge.PutEvents" -> {
                    var entries = answer.put("FailedEntryCount", 0).putArray("Entries");
                    for (var ignored : Json.MAPPER.readTree(requestBody(request)).path("Entries")) {
                        entries.addObject().put("EventId", Priming.MESSAGE_ID);
                    }
                }
                default -> {
                    // The answer is empty.
                }
            }
            return Json.MAPPER.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String requestBody(HttpExecuteRequest request) {
        try (var in = request.contentStreamProvider().orElseThrow().newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String clientName() {
        return network.clientName();
    }

    @Override
    public void close() {
        // The network client is shared by every SDK client of the function, which owns it.
    }
}
