package dev.kotae.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/** Everything Kotae runs in one account and region. */
public final class KotaeStack extends Stack {

    private final SendApi sendApi;

    public KotaeStack(Construct scope, String id, StackProps stackProps, KotaeSettings settings) {
        super(scope, id, stackProps);
        var table = new MessageTable(this, "Messages");
        sendApi = new SendApi(this, "SendApi", SendApi.Props.builder()
                .table(table.table())
                .code(Code.fromAsset(settings.functionsJar()))
                .originationIdentity(settings.originationIdentity())
                .configurationSet(settings.configurationSet())
                .defaultCountry(settings.defaultCountry())
                .messageRetentionDays(settings.messageRetentionDays())
                .rateLimit(settings.apiRateLimit())
                .burstLimit(settings.apiBurstLimit())
                .build());

        CfnOutput.Builder.create(this, "ApiUrl")
                .description("Base URL of the messages API; sign calls with SigV4 (service execute-api)")
                .value(sendApi.url())
                .build();
        CfnOutput.Builder.create(this, "TableName")
                .description("The DynamoDB table holding messages, opt-outs and conversations")
                .value(table.table().getTableName())
                .build();
    }

    public SendApi sendApi() {
        return sendApi;
    }
}
