package dev.kotae.standins;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.kotae.settings.FunctionEnvironment;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What a handler sees of Lambda when invoked locally: a fresh request id per invocation, logs on stdout, and the ARN it
 * was invoked by (its {@code live} alias's, unless a test invokes it otherwise).
 */
public record LocalLambdaContext(String functionName, String awsRequestId, String invokedFunctionArn) implements Context {

    private static final String FUNCTIONS = "arn:aws:lambda:" + StandIns.REGION + ":" + AccountStandIn.ACCOUNT + ":function:";

    /** Invoked through its alias, as every event source and schedule of the stack invokes a function. */
    public static LocalLambdaContext invoking(String functionName) {
        return new LocalLambdaContext(functionName, UUID.randomUUID().toString(), aliasArn(functionName));
    }

    /** The ARN of {@code functionName}'s alias, which the stack's event sources and schedules invoke. */
    public static String aliasArn(String functionName) {
        return FUNCTIONS + functionName + ":" + FunctionEnvironment.ALIAS;
    }

    /** Invoked by its unqualified ARN, as someone testing it by hand might: its $LATEST version runs. */
    public static LocalLambdaContext invokingUnqualified(String functionName) {
        return new LocalLambdaContext(functionName, UUID.randomUUID().toString(), FUNCTIONS + functionName);
    }

    @Override public String getAwsRequestId() { return awsRequestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
    @Override public String getLogStreamName() { return "local"; }
    @Override public String getFunctionName() { return functionName; }
    @Override public String getFunctionVersion() { return "live"; }
    @Override public String getInvokedFunctionArn() { return invokedFunctionArn; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return 30_000; }
    @Override public int getMemoryLimitInMB() { return 1024; }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override public void log(String message) { System.out.println(message); }
            @Override public void log(byte[] message) { log(new String(message, StandardCharsets.UTF_8)); }
        };
    }
}
