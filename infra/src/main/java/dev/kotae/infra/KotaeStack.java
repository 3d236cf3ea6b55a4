package dev.kotae.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/** Everything Kotae runs in one account and region. */
public final class KotaeStack extends Stack {

    private final SendApi sendApi;
    private final InboundPipeline inbound;

    public KotaeStack(Construct scope, String id, StackProps stackProps, KotaeSettings settings) {
        super(scope, id, stackProps);
        var table = new MessageTable(this, "Messages");
        var sending = Sending.from(settings, table.table(), Code.fromAsset(settings.functionsJar()));
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
                .keywordOverrides(settings.keywordOverrides())
                .maxConcurrency(settings.inboundMaxConcurrency())
                .build());

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
                .value(inbound.deadLetters().getQueueUrl())
                .build();
    }

    public SendApi sendApi() {
        return sendApi;
    }

    public InboundPipeline inbound() {
        return inbound;
    }
}
