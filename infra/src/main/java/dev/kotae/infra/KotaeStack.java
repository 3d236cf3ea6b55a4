package dev.kotae.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.HashMap;

/** Everything Kotae runs in one account and region. */
public final class KotaeStack extends Stack {

    private final SendApi sendApi;
    private final InboundPipeline inbound;
    private final Monitoring monitoring;

    public KotaeStack(Construct scope, String id, StackProps stackProps, KotaeSettings settings) {
        super(scope, id, stackProps);
        var table = new MessageTable(this, "Messages");
        // The stack's own configuration set (with delivery tracking) unless the settings name another.
        var configurationSet = settings.configurationSet().orElse(settings.stackName() + "-delivery");
        var sending = Sending.from(settings, table.table(), Code.fromAsset(settings.functionsJar()), configurationSet);
        sendApi = new SendApi(this, "SendApi", SendApi.Props.builder()
                .sending(sending)
                .rateLimit(settings.apiRateLimit())
                .burstLimit(settings.apiBurstLimit())
                .build());
        inbound = new InboundPipeline(this, "Inbound", InboundPipeline.Props.builder()
                .sending(sending)
                .brandName(settings.brandName())
                .helpContact(settings.helpContact())
                .optOutList(settings.optOutList())
                .selfManagedOptOuts(settings.selfManagedOptOuts())
                .maxConcurrency(settings.inboundMaxConcurrency())
                .build());

        var relay = new EventRelay(this, "EventRelay", EventRelay.Props.builder()
                .sending(sending)
                .table(table.table())
                .events(inbound.events())
                .build());

        var functions = new ArrayList<>(sendApi.functions());
        functions.addAll(inbound.functions());
        functions.add(relay.function());
        var deadLetterQueues = new HashMap<String, IQueue>();
        deadLetterQueues.put("Inbound", inbound.channel().deadLetters());
        if (settings.configurationSet().isEmpty()) {
            var delivery = new DeliveryTracking(this, "Delivery", DeliveryTracking.Props.builder()
                    .sending(sending)
                    .configurationSetName(configurationSet)
                    .maxConcurrency(settings.inboundMaxConcurrency())
                    .build());
            functions.addAll(delivery.functions());
            deadLetterQueues.put("DeliveryStatus", delivery.channel().deadLetters());
        }
        monitoring = new Monitoring(this, "Monitoring", new Monitoring.Props(functions, sendApi.api(),
                inbound.channel().queue(), deadLetterQueues, relay, settings.alarmThresholds(), settings.alarmEmail()));

        CfnOutput.Builder.create(this, "ApiUrl")
                .description("Base URL of the messages API; sign calls with SigV4 (service execute-api)")
                .value(sendApi.url())
                .build();
        CfnOutput.Builder.create(this, "TableName")
                .description("The DynamoDB table holding messages, opt-outs and conversations")
                .value(table.table().getTableName())
                .build();
        CfnOutput.Builder.create(this, "EventBusName")
                .description("Where ConversationConfirmed, RecipientOptedOut and RecipientOptedIn events arrive")
                .value(inbound.events().getEventBusName())
                .build();
        CfnOutput.Builder.create(this, "InboundDeadLetterQueueUrl")
                .description("Inbound messages that failed 5 times; inspect, fix, then redrive them")
                .value(inbound.channel().deadLetters().getQueueUrl())
                .build();
        CfnOutput.Builder.create(this, "AlarmTopicArn")
                .description("Every alarm notifies this topic; subscribe your on-call tooling to it")
                .value(monitoring.alarmTopic().getTopicArn())
                .build();
    }

    public SendApi sendApi() {
        return sendApi;
    }

    public InboundPipeline inbound() {
        return inbound;
    }

    public Monitoring monitoring() {
        return monitoring;
    }
}
