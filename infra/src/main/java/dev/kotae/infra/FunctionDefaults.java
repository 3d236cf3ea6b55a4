package dev.kotae.infra;

import dev.kotae.settings.FunctionEnvironment;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.settings.OriginationIdentity;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What every Kotae function starts from: the functions' code, the table and its grants, the
 * environment the deployment's settings give it ({@link FunctionEnvironment}), the permission
 * to send from the configured identity through the configuration set, and where alarms go.
 */
public record FunctionDefaults(ITable table, Code code, FunctionEnvironment environment, Destinations destinations,
                               Monitoring monitoring) {

    private static final Set<String> READ_ACTIONS = Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query");

    public FunctionDefaults {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(destinations, "destinations");
        Objects.requireNonNull(monitoring, "monitoring");
    }

    public static FunctionDefaults from(KotaeSettings settings, ITable table, Code code, Destinations destinations,
                                        Monitoring monitoring) {
        return new FunctionDefaults(table, code, new FunctionEnvironment(settings, table.getTableName(),
                Stack.of(table).getStackName(), settings.configurationSetName(), destinations.protectConfigurationId()),
                destinations, monitoring);
    }

    /** The number or pool every send leaves from. */
    public OriginationIdentity originationIdentity() {
        return environment.settings().originationIdentity();
    }

    /** The configuration set every send uses: the stack's own, or the one named in context. */
    public String configurationSet() {
        return environment.configurationSetName();
    }

    /**
     * The given table actions, and the key use they need: decrypt to read, encrypt too to write. The
     * table is encrypted with a customer-managed key, which a table grant alone does not cover.
     */
    public void grantTable(IRole role, String... actions) {
        table.grant(role, actions);
        var writes = Arrays.stream(actions).anyMatch(action -> !READ_ACTIONS.contains(action));
        if (writes) {
            table.getEncryptionKey().grant(role, "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey");
        } else {
            table.getEncryptionKey().grant(role, "kms:Decrypt", "kms:DescribeKey");
        }
    }

    /**
     * SendTextMessage on the configured identity and configuration set, and reading that identity
     * (SnapStart priming describes it instead of sending), and nothing else.
     */
    public void allowSending(IRole role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sms-voice:SendTextMessage"))
                .resources(sendingResources())
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(sendsFromPool() ? "sms-voice:DescribePools" : "sms-voice:DescribePhoneNumbers"))
                .resources(List.of(identityArn()))
                .build());
    }

    public String identityArn() {
        var identity = originationIdentity();
        return Optional.ofNullable(identity.arn()).orElseGet(() -> smsArn(identity.resourceType(), identity.resourceId()));
    }

    public boolean sendsFromPool() {
        return originationIdentity().resourceType().equals("pool");
    }

    /** An End User Messaging ARN in the table's account and region. */
    public String smsArn(String resourceType, String resourceName) {
        return Stack.of(table).formatArn(ArnComponents.builder()
                .service("sms-voice")
                .resource(resourceType)
                .resourceName(resourceName)
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }

    private List<String> sendingResources() {
        var resources = new ArrayList<String>();
        resources.add(identityArn());
        var set = configurationSet();
        resources.add(set.startsWith("arn:") ? set : smsArn("configuration-set", set));
        // Every send names the protect configuration (SendTextMessage's ProtectConfigurationId).
        resources.add(destinations.protectConfigurationArn());
        return resources;
    }
}
