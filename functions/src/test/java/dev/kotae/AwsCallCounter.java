package dev.kotae;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts every AWS API call the SDK clients make in the test JVM (registered as a global
 * interceptor on the test classpath, so the functions' own code is unchanged). One call is one
 * operation, however many retries it took.
 */
public final class AwsCallCounter implements ExecutionInterceptor {

    private static final List<String> CALLS = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CALLS.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    /** The calls made while {@code work} ran, in order. */
    public static List<String> during(Runnable work) {
        var before = CALLS.size();
        work.run();
        return List.copyOf(CALLS.subList(before, CALLS.size()));
    }
}
