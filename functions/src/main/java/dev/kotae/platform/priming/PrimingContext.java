package dev.kotae.platform.priming;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Lambda context of priming's first request: the function's own name and memory, as the runtime
 * sets them in the environment, and a request id of its own ({@link Priming#REQUEST_ID}) that marks
 * every log line the request writes.
 */
final class PrimingContext implements Context {

    /** A minute: priming is not cut short by a deadline, and work that checks its time left finds some. */
    private static final int REMAINING_MILLIS = 60_000;

    @Override
    public String getAwsRequestId() {
        return Priming.REQUEST_ID;
    }

    @Override
    public String getLogGroupName() {
        return environment("AWS_LAMBDA_LOG_GROUP_NAME", "");
    }

    @Override
    public String getLogStreamName() {
        return environment("AWS_LAMBDA_LOG_STREAM_NAME", "");
    }

    @Override
    public String getFunctionName() {
        return environment("AWS_LAMBDA_FUNCTION_NAME", "kotae");
    }

    @Override
    public String getFunctionVersion() {
        return environment("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    }

    @Override
    public String getInvokedFunctionArn() {
        return "";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return REMAINING_MILLIS;
    }

    @Override
    public int getMemoryLimitInMB() {
        return Integer.parseInt(environment("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"));
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    private static String environment(String name, String otherwise) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank()).orElse(otherwise);
    }
}
