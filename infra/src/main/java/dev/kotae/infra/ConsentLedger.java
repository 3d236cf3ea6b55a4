package dev.kotae.infra;

import software.amazon.awscdk.services.apigateway.IRequestValidator;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.constructs.Construct;

import java.util.Map;
import java.util.Objects;

/**
 * Each number's consent to marketing and its history: {@code PUT} and {@code DELETE /recipients/{phoneNumber}/consent}
 * record it (one function, writing the number's state and an entry of the ledger, and texting a double opt-in's
 * confirmation request), {@code GET /recipients/{phoneNumber}}
 * reads it (another, reading only). The items live in the stack's table, in the number's partition.
 */
public final class ConsentLedger extends Construct {

    private final KotaeFunction change;
    private final KotaeFunction read;

    public ConsentLedger(Construct scope, String id, Props props) {
        super(scope, id);
        var defaults = props.defaults();
        change = new KotaeFunction(this, "Change", KotaeFunction.Props.builder()
                .handler("dev.kotae.consent.boundary.RecipientConsentHandler::handleRequest")
                .description("Kotae: PUT and DELETE /recipients/{phoneNumber}/consent record a number's consent to marketing")
                .defaults(defaults)
                // A double opt-in texts the keyword book's confirmation request and waits the consent window.
                .environment(defaults.environment().consent())
                .timeout(KotaeFunction.SENDING_TIMEOUT)
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        // The change is a transaction of the state's update and the entry's put; the answer reads both back. A double
        // opt-in's request is sent as the send function sends (ConditionCheckItem on the number's opt-out, the
        // message's puts and the quota's update, DeleteItem for a key whose send failed).
        defaults.grantTable(change.role(), "dynamodb:UpdateItem", "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query",
                "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem");
        defaults.allowSending(change.role());
        read = new KotaeFunction(this, "Read", KotaeFunction.Props.builder()
                .handler("dev.kotae.consent.boundary.GetRecipientHandler::handleRequest")
                .description("Kotae: GET /recipients/{phoneNumber} reads a number's opt-out, consent and its history")
                .defaults(defaults)
                .environment(defaults.environment().everyFunction())
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        defaults.grantTable(read.role(), "dynamodb:GetItem", "dynamodb:Query");
    }

    /** Adds {@code /recipients/{phoneNumber}} and its {@code /consent} under {@code root}, validated by {@code validator}. */
    void addRoutes(IResource root, IRequestValidator validator) {
        var phoneNumberRequired = MethodOptions.builder()
                .requestValidator(validator)
                .requestParameters(Map.of("method.request.path.phoneNumber", true))
                .build();
        var recipient = root.addResource("recipients").addResource("{phoneNumber}");
        recipient.addMethod("GET", new LambdaIntegration(read.alias()), phoneNumberRequired);
        var consent = recipient.addResource("consent");
        consent.addMethod("PUT", new LambdaIntegration(change.alias()), phoneNumberRequired);
        consent.addMethod("DELETE", new LambdaIntegration(change.alias()), phoneNumberRequired);
    }

    public record Props(FunctionDefaults defaults) {

        public Props {
            Objects.requireNonNull(defaults, "defaults");
        }
    }
}
