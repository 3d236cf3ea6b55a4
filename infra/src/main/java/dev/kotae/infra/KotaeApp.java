package dev.kotae.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

import java.nio.file.Files;
import java.nio.file.Path;

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
        var stack = new KotaeStack(app, settings.stackName(), StackProps.builder()
                .env(environment)
                .description("Kotae: two-way SMS on AWS End User Messaging")
                .build(), settings);
        Tags.of(app).add("project", "kotae");
        Aspects.of(app).add(new AwsSolutionsChecks());
        return stack;
    }
}
