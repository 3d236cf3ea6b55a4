package dev.kotae.sandbox;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.kotae.Wiring;
import dev.kotae.batches.boundary.BatchSendHandler;
import dev.kotae.batches.boundary.CancelBatchHandler;
import dev.kotae.batches.boundary.CreateBatchHandler;
import dev.kotae.batches.boundary.GetBatchHandler;
import dev.kotae.consent.boundary.GetRecipientHandler;
import dev.kotae.consent.boundary.RecipientConsentHandler;
import dev.kotae.conversations.boundary.EventRelayHandler;
import dev.kotae.conversations.boundary.GetConversationsHandler;
import dev.kotae.conversations.boundary.InboundMessageHandler;
import dev.kotae.messages.boundary.CancelMessageHandler;
import dev.kotae.messages.boundary.DeliveryStatusHandler;
import dev.kotae.messages.boundary.ScheduledSendHandler;
import dev.kotae.messages.boundary.GetMessageHandler;
import dev.kotae.messages.boundary.PageMessageHandler;
import dev.kotae.messages.boundary.PageMySendsHandler;
import dev.kotae.messages.boundary.PagePreviewHandler;
import dev.kotae.messages.boundary.PageSendHandler;
import dev.kotae.messages.boundary.SendMessageHandler;
import dev.kotae.standins.LocalDeployment;
import java.time.Clock;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's function table: the handler classes the stack deploys, each wired from the
 * environment the stack gives that function, on the stand-ins. The API's routes, the pollers,
 * local invoke, {@code GET /} and the unknown-function error all read it.
 */
final class LocalFunctions {

    private final LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> sendMessage;
    private final LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> getMessage;
    private final LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> cancelMessage;
    private final ScheduledSendHandler scheduledSend;
    private final LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> getConversations;
    private final LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> recipientConsent;
    private final LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> getRecipient;
    private final LocalFunction<SQSEvent, SQSBatchResponse> inbound;
    private final LocalFunction<SQSEvent, SQSBatchResponse> deliveryStatus;
    private final LocalFunction<DynamodbEvent, StreamsEventResponse> eventRelay;
    private final LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> createBatch;
    private final LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> getBatch;
    private final LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> cancelBatch;
    private final LocalFunction<SQSEvent, SQSBatchResponse> batchSend;
    private final Map<String, LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> pageRoutes;

    LocalFunctions(LocalDeployment deployment, Clock clock) {
        var wiring = Wiring.from(deployment.everyFunction(), clock);
        var scheduling = Wiring.from(deployment.scheduling(), clock);
        sendMessage = LocalFunction.of("send-message", new SendMessageHandler(scheduling),
                APIGatewayProxyRequestEvent.class);
        cancelMessage = LocalFunction.of("cancel-message", new CancelMessageHandler(scheduling),
                APIGatewayProxyRequestEvent.class);
        scheduledSend = new ScheduledSendHandler(Wiring.from(deployment.scheduledSend(), clock));
        getMessage = LocalFunction.of("get-message", new GetMessageHandler(wiring), APIGatewayProxyRequestEvent.class);
        getConversations = LocalFunction.of("get-conversations", new GetConversationsHandler(wiring),
                APIGatewayProxyRequestEvent.class);
        recipientConsent = LocalFunction.of("recipient-consent",
                new RecipientConsentHandler(Wiring.from(deployment.consent(), clock)),
                APIGatewayProxyRequestEvent.class);
        getRecipient = LocalFunction.of("get-recipient", new GetRecipientHandler(wiring), APIGatewayProxyRequestEvent.class);
        inbound = LocalFunction.of("inbound", new InboundMessageHandler(Wiring.from(deployment.inbound(), clock)),
                SQSEvent.class);
        deliveryStatus = LocalFunction.of("delivery-status", new DeliveryStatusHandler(wiring), SQSEvent.class);
        eventRelay = LocalFunction.of("event-relay", new EventRelayHandler(Wiring.from(deployment.eventRelay(), clock)),
                DynamodbEvent.class);
        var batches = Wiring.from(deployment.batches(), clock);
        createBatch = LocalFunction.of("create-batch", new CreateBatchHandler(batches), APIGatewayProxyRequestEvent.class);
        getBatch = LocalFunction.of("get-batch", new GetBatchHandler(batches), APIGatewayProxyRequestEvent.class);
        cancelBatch = LocalFunction.of("cancel-batch", new CancelBatchHandler(batches), APIGatewayProxyRequestEvent.class);
        batchSend = LocalFunction.of("batch-send", new BatchSendHandler(batches), SQSEvent.class);
        pageRoutes = Map.of(
                "POST /api/messages", LocalFunction.of("page-send", new PageSendHandler(wiring), APIGatewayV2HTTPEvent.class),
                "GET /api/messages", LocalFunction.of("page-my-sends", new PageMySendsHandler(wiring),
                        APIGatewayV2HTTPEvent.class),
                "GET /api/messages/{messageId}", LocalFunction.of("page-read", new PageMessageHandler(wiring),
                        APIGatewayV2HTTPEvent.class),
                "POST /api/preview", LocalFunction.of("page-preview", new PagePreviewHandler(wiring),
                        APIGatewayV2HTTPEvent.class));
    }

    List<LocalFunction<?, ?>> all() {
        return List.of(sendMessage, getMessage, cancelMessage, createBatch, getBatch, cancelBatch, getConversations,
                recipientConsent, getRecipient,
                inbound, deliveryStatus, batchSend, eventRelay);
    }

    Optional<LocalFunction<?, ?>> named(String name) {
        return all().stream().filter(function -> function.name().equals(name)).findFirst();
    }

    List<String> names() {
        return all().stream().map(LocalFunction::name).toList();
    }

    LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> sendMessage() {
        return sendMessage;
    }

    LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> getMessage() {
        return getMessage;
    }

    LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> cancelMessage() {
        return cancelMessage;
    }

    /**
     * What each schedule invokes, asynchronously (the stand-ins' Lambda queues it and retries it): not in
     * the table, since EventBridge Scheduler, not a route or a poller, is what calls it.
     */
    ScheduledSendHandler scheduledSend() {
        return scheduledSend;
    }

    LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> getConversations() {
        return getConversations;
    }

    /** {@code PUT} and {@code DELETE /recipients/{phoneNumber}/consent}. */
    LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> recipientConsent() {
        return recipientConsent;
    }

    LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> getRecipient() {
        return getRecipient;
    }

    LocalFunction<SQSEvent, SQSBatchResponse> inbound() {
        return inbound;
    }

    LocalFunction<SQSEvent, SQSBatchResponse> deliveryStatus() {
        return deliveryStatus;
    }

    LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> createBatch() {
        return createBatch;
    }

    LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> getBatch() {
        return getBatch;
    }

    LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> cancelBatch() {
        return cancelBatch;
    }

    LocalFunction<SQSEvent, SQSBatchResponse> batchSend() {
        return batchSend;
    }

    LocalFunction<DynamodbEvent, StreamsEventResponse> eventRelay() {
        return eventRelay;
    }

    /**
     * The send page's API routes (only with {@code kotae:web}), by HTTP API route key: the send, "My sends", one
     * message, the preview; each runs for a signed-in person only.
     */
    Map<String, LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> pageRoutes() {
        return pageRoutes;
    }
}
