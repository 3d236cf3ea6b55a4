package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

import java.util.Optional;

/** Everything Kotae runs in one account and region. */
public final class KotaeStack extends Stack {

    public KotaeStack(Construct scope, String id, StackProps stackProps, KotaeSettings settings) {
        super(scope, id, stackProps);
        var table = new MessageTable(this, "Messages");
        var code = Code.fromAsset(settings.functionsJar());
        var monitoring = new Monitoring(this, "Monitoring", settings.alarmThresholds(), settings.alarmEmail());
        var destinations = new Destinations(this, "Destinations", settings, code, monitoring);
        var defaults = FunctionDefaults.from(settings, table.table(), code, destinations, monitoring);
        var scheduledSends = new ScheduledSends(this, "ScheduledSends", new ScheduledSends.Props(defaults));
        var batchSends = new BatchSends(this, "BatchSends", new BatchSends.Props(defaults,
                settings.batchSenderConcurrency(), scheduledSends));
        var consentLedger = new ConsentLedger(this, "Consent", new ConsentLedger.Props(defaults));
        // "SendApi": the id predates the class's name, and every logical ID under it (so every deployed resource) follows it.
        var messagesApi = new MessagesApi(this, "SendApi", new MessagesApi.Props(defaults, settings.apiRateLimit(),
                settings.apiBurstLimit(), settings.apiGatewayCloudWatchRole(), settings.callers(), scheduledSends,
                batchSends, consentLedger));
        var inbound = new InboundPipeline(this, "Inbound",
                new InboundPipeline.Props(defaults, settings.inboundMaxConcurrency()));
        var relay = new EventRelay(this, "EventRelay", new EventRelay.Props(defaults, inbound.events()));
        var sendPage = settings.sendPage().map(page -> new SendPage(this, "SendPage", new SendPage.Props(defaults,
                page, settings.apiRateLimit(), settings.apiBurstLimit())));
        var delivery = !settings.tracksDeliveries() ? Optional.<DeliveryTracking>empty()
                : Optional.of(new DeliveryTracking(this, "Delivery",
                        new DeliveryTracking.Props(defaults, settings.inboundMaxConcurrency())));
        // The functions know the set by name only: on the first deploy they must not run before it exists. The
        // destinations' function is the exception: the set names the protect configuration that function holds.
        delivery.ifPresent(tracking -> getNode().findAll().stream()
                .filter(KotaeFunction.class::isInstance).map(KotaeFunction.class::cast)
                .filter(function -> function != destinations.function())
                .forEach(function -> function.function().getNode().addDependency(tracking.configurationSet())));
        monitoring.overview(new Monitoring.Overview(messagesApi.sendFunction(), messagesApi.api(),
                inbound.channel().queue(), batchSends.queue(), scheduledSends.group()));

        output("ApiUrl", "Base URL of the messages API; sign calls with SigV4 (service execute-api)", messagesApi.url());
        output("TableName", "The DynamoDB table holding messages, opt-outs and conversations",
                table.table().getTableName());
        output("EventBusName", "Where ConversationConfirmed, RecipientOptedOut and RecipientOptedIn events arrive",
                inbound.events().getEventBusName());
        output("InboundDeadLetterQueueUrl", "Inbound messages that failed 5 times; inspect, fix, then redrive them",
                inbound.channel().deadLetters().getQueueUrl());
        delivery.ifPresent(tracking -> output("DeliveryStatusDeadLetterQueueUrl",
                "Delivery events that failed 5 times; inspect, fix, then redrive them",
                tracking.channel().deadLetters().getQueueUrl()));
        output("ScheduledSendFailureQueueUrl", "Scheduled messages that could not be sent by their deadline, with"
                + " their input (runbook)", scheduledSends.failures().getQueueUrl());
        output("BatchDeadLetterQueueUrl", "Batch entries that failed 5 times, bodies included; inspect, fix, then"
                + " redrive them (runbook)", batchSends.deadLetters().getQueueUrl());
        output("EventRelayFailureQueueUrl", "Batches of conversation events that could not be published (runbook)",
                relay.failures().getQueueUrl());
        output("ConfigurationSetName", "The End User Messaging configuration set every send uses",
                delivery.<String>map(tracking -> tracking.configurationSet().getRef()).orElse(settings.configurationSetName()));
        output("ProtectConfigurationId", "The protect configuration every send names and the configuration set carries:"
                + " it allows AllowedCountries only", destinations.protectConfigurationId());
        output("AllowedCountries", "The countries Kotae sends to (kotae:allowedCountries)",
                String.join(",", settings.allowedCountries()));
        output("DashboardName", "The CloudWatch dashboard of sends, replies, deliveries and queues",
                monitoring.dashboard().getDashboardName());
        sendPage.ifPresent(page -> {
            output("UserPoolId", "The send page's people: invite them with kotae users add", page.people().getUserPoolId());
            output("SendPageUrl", "The office send page", page.pageUrl());
        });
        output("AlarmTopicArn", "Every alarm notifies this topic; subscribe your on-call tooling to it",
                monitoring.alarmTopic().getTopicArn());
    }

    private void output(String id, String description, String value) {
        CfnOutput.Builder.create(this, id).description(description).value(value).build();
    }
}
