package dev.kotae.infra;

import dev.kotae.settings.Regions;
import dev.kotae.settings.KotaeSettings;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.Token;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code cdk synth} / {@code cdk deploy} start here: context is read once, then passed down typed. */
public final class KotaeApp {

    private KotaeApp() {
    }

    public static void main(String[] args) {
        var app = new App();
        var settings = KotaeSettings.from(app.getNode()::tryGetContext);
        if (!Files.isRegularFile(Path.of(settings.functionsJar()))) {
            throw new IllegalStateException("The functions jar " + settings.functionsJar() + " does not exist;"
                    + " build it first with `mvn -DskipTests package` (cdk.json's app command does).");
        }
        build(app, settings, Environment.builder()
                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                .region(System.getenv("CDK_DEFAULT_REGION"))
                .build());
        app.synth();
    }

    /** The whole app, as deployed and as the template tests see it, AwsSolutions checks included. */
    public static KotaeStack build(App app, KotaeSettings settings, Environment environment) {
        var region = environment.getRegion();
        if (region != null && !Token.isUnresolved(region) && !Regions.SUPPORTED.contains(region)) {
            throw new IllegalArgumentException("Kotae cannot deploy to " + region + ": AWS End User Messaging SMS is"
                    + " not offered there. Pick one of " + String.join(", ", Regions.SUPPORTED) + ".");
        }
        var stack = new KotaeStack(app, settings.stackName(), StackProps.builder()
                .env(environment)
                .description("Kotae: two-way SMS on AWS End User Messaging")
                .build(), settings);
        // Not on dashboards: cfn-lint's schemas for AWS::CloudWatch::Dashboard in us-east-1, me-central-1 and
        // me-south-1 have no Tags, which may mean CloudFormation there refuses them; a dashboard's tag buys little.
        Tags.of(app).add("project", "kotae", TagProps.builder()
                .excludeResourceTypes(List.of("AWS::CloudWatch::Dashboard")).build());
        Aspects.of(app).add(new AwsSolutionsChecks());
        return stack;
    }
}
