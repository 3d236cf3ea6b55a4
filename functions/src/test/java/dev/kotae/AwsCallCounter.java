package dev.kotae;

import dev.kotae.platform.priming.Priming;
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
    /** Calls a service answered, each attempt: not those SnapStart priming answered in the process. */
    private static final List<String> TRANSMITTED = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CALLS.add(name(attributes));
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        // Priming's transport answers a stopped call under its own request id; a service (a stand-in) never does.
        if (!context.httpResponse().firstMatchingHeader("x-amzn-RequestId").filter(Priming.REQUEST_ID::equals).isPresent()) {
            TRANSMITTED.add(name(attributes));
        }
    }

    /** The calls made while {@code work} ran, in order. */
    public static List<String> during(Runnable work) {
        var before = CALLS.size();
        work.run();
        return List.copyOf(CALLS.subList(before, CALLS.size()));
    }

    /** The calls a service answered while {@code work} ran, refused ones included, in order. */
    public static List<String> transmittedDuring(Runnable work) {
        var before = TRANSMITTED.size();
        work.run();
        return List.copyOf(TRANSMITTED.subList(before, TRANSMITTED.size()));
    }

    private static String name(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }
}
