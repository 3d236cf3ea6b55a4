package dev.kotae.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Template;

import java.util.HashMap;
import java.util.Map;

/** The app synthesized as `cdk synth` would, from context only, in a fixed account and region. */
record Synthesized(App app, KotaeStack stack, Template template) {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "ap-northeast-1";
    static final String PHONE_NUMBER_ID = "phone-0123456789abcdef0123456789abcdef";
    static final String FUNCTIONS_JAR = "../functions/target/kotae-functions.jar";

    static Synthesized withContext(Map<String, Object> extraContext) {
        var context = new HashMap<String, Object>();
        context.put(KotaeSettings.ORIGINATION_IDENTITY, PHONE_NUMBER_ID);
        context.put(KotaeSettings.FUNCTIONS_JAR, FUNCTIONS_JAR);
        context.put(KotaeSettings.BRAND_NAME, "Sakura Clinic");
        context.put(KotaeSettings.HELP_CONTACT, "help@example.com");
        context.putAll(extraContext);
        var app = new App(AppProps.builder().context(context).build());
        var stack = KotaeApp.build(app, KotaeSettings.from(app.getNode()::tryGetContext),
                Environment.builder().account(ACCOUNT).region(REGION).build());
        app.synth();
        return new Synthesized(app, stack, Template.fromStack(stack));
    }
}
