package dev.kotae.infra;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What every function that sends SMS shares: the table, the functions' code, the origination
 * identity and configuration set, how national numbers are read, and the keywords. One place turns them into
 * the functions' environment and into the SendTextMessage permission.
 */
public record Sending(ITable table, Code code, OriginationIdentity originationIdentity,
                      Optional<String> configurationSet, Optional<String> defaultCountry, int messageRetentionDays,
                      Optional<String> keywordOverrides) {

    private static final Set<String> READ_ACTIONS = Set.of("dynamodb:GetItem", "dynamodb:Query");

    public Sending {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(originationIdentity, "originationIdentity");
    }

    public static Sending from(KotaeSettings settings, ITable table, Code code, String configurationSet) {
        return new Sending(table, code, settings.originationIdentity(), Optional.of(configurationSet),
                settings.defaultCountry(), settings.messageRetentionDays(), settings.keywordOverrides());
    }

    /** The variables the functions' {@code Settings} reads. */
    public Map<String, String> environment() {
        var environment = new HashMap<String, String>();
        environment.put("TABLE_NAME", table.getTableName());
        environment.put("ORIGINATION_IDENTITY", originationIdentity.value());
        environment.put("MESSAGE_RETENTION_DAYS", Integer.toString(messageRetentionDays));
        environment.put("STACK_NAME", Stack.of(table).getStackName());
        configurationSet.ifPresent(set -> environment.put("CONFIGURATION_SET_NAME", set));
        defaultCountry.ifPresent(country -> environment.put("DEFAULT_COUNTRY", country));
        // The send function refuses to await opt-out or help keywords, so it needs them as much as the inbound one.
        keywordOverrides.ifPresent(json -> environment.put("KEYWORD_OVERRIDES", json));
        return environment;
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
        return Optional.ofNullable(originationIdentity.arn()).orElseGet(() ->
                smsArn(originationIdentity.resourceType(), originationIdentity.resourceId()));
    }

    public boolean sendsFromPool() {
        return originationIdentity.resourceType().equals("pool");
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
        configurationSet.ifPresent(set -> resources.add(set.startsWith("arn:") ? set : smsArn("configuration-set", set)));
        return resources;
    }
}
