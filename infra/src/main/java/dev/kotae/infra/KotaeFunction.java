package dev.kotae.infra;

import dev.kotae.settings.FunctionEnvironment;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.VersionOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Kotae handler as a Lambda function, the same way for every handler: Java 21 on arm64,
 * published versions behind the {@code live} alias (callers invoke the alias, never $LATEST) with
 * SnapStart where the region offers it, its own log group, a role that starts with no permissions at all,
 * and alarms on its own errors and throttles.
 */
public final class KotaeFunction extends Construct {

    /**
     * C1 JIT only. Lambda's java21 runtime starts with it already; pinned here because measured (docs/benchmarks.md)
     * it starts 1.6 to 2.2 times faster than C1 and C2 at Lambda's CPU shares, and a newer
     * runtime (java25 with SnapStart) switches it off by default.
     */
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    /**
     * Memory buys CPU in Lambda (one vCPU at 1,769 MB), and the functions use under 200 MiB: the size
     * is a CPU choice. Measured with that CPU share, a send's first request after a SnapStart restore
     * takes about 440 ms at 1,769 MB against 640 ms at 1,024 MB (a cold start without a snapshot:
     * 1.4 s against 3.0 s), so a function someone waits on gets a full vCPU; queue- and stream-fed functions, whose warm invocations wait on the network, get
     * 1,024 MB, 42 % cheaper per millisecond.
     */
    static final int INTERACTIVE_MEMORY_MB = 1769;
    /**
     * A function that hands a message to End User Messaging while someone waits: one call takes at most 10 seconds
     * (the SMS client's call timeout, {@code SmsGateway.LONGEST_CALL}), and its records take the rest. Lambda's
     * default of 3 seconds (or 10) could end it between the send and its record, leaving the message UNKNOWN.
     */
    static final Duration SENDING_TIMEOUT = Duration.seconds(15);
    static final int BACKGROUND_MEMORY_MB = 1024;

    private final Role role;
    private final Function function;
    private final Alias alias;

    public KotaeFunction(Construct scope, String id, Props props) {
        super(scope, id);
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(props.description())
                .build();
        var logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.THREE_MONTHS)
                .build();
        logs.grantWrite(role);

        var environment = new HashMap<>(props.environment());
        environment.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        // Every function's log lines say which service they are (Powertools logs service_undefined otherwise).
        environment.put(FunctionEnvironment.SERVICE_NAME_VARIABLE, FunctionEnvironment.SERVICE_NAME);
        function = Function.Builder.create(this, "Function")
                .description(props.description())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(props.handler())
                .code(props.code())
                .memorySize(props.memorySize())
                .timeout(props.timeout())
                .role(role)
                .logGroup(logs)
                .environment(environment)
                // X-Ray active tracing: Lambda records each invocation's segment (init or SnapStart restore, duration,
                // errors) and joins the API Gateway trace it came with, with no SDK in the function (Powertools'
                // tracing 2.x is not served to this build; OpenTelemetry's Java agent does not work with SnapStart).
                .tracing(Tracing.ACTIVE)
                // A deploy publishes a new version; the superseded one is deleted once the update succeeds.
                .currentVersionOptions(VersionOptions.builder().removalPolicy(RemovalPolicy.DESTROY).build())
                .build();
        if (props.snapStart()) {
            SnapStart.enable(function);
        }
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Active tracing's xray:PutTraceSegments and xray:PutTelemetryRecords, which X-Ray does not scope"
                        + " to a resource (Service Authorization Reference, AWS X-Ray: no resource types).")
                .appliesTo(List.of("Resource::*"))
                .build()), true);
        NagSuppressions.addResourceSuppressions(function, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-L1")
                .reason("Pinned to java21, the runtime Kotae's SnapStart set-up and JVM flags are measured on;"
                        + " moving to a newer Java runtime is a deliberate change with its own measurements.")
                .build()));
        // The role's policies must exist before a version is published, or SnapStart's snapshot init may fail.
        function.getCurrentVersion().getNode().addDependency(role);
        alias = Alias.Builder.create(this, "Live")
                .aliasName(FunctionEnvironment.ALIAS)
                .version(function.getCurrentVersion())
                .build();
        props.monitoring().onFunction(this);
    }

    /** What API integrations and event sources invoke. */
    public IFunction alias() {
        return alias;
    }

    public IRole role() {
        return role;
    }

    /** The function itself, for its metrics; invoke the {@link #alias()}. */
    public IFunction function() {
        return function;
    }

    /**
     * @param handler     {@code package.Class::handleRequest}
     * @param environment variables the handler reads at init
     * @param monitoring  where its errors and throttles alarm
     * @param snapStart   false for a function that runs only during deploys: a SnapStart version left
     *                    uninvoked for 14 days goes inactive, and its next invocation fails while Lambda
     *                    makes a new snapshot (Lambda Developer Guide, "Lambda SnapStart")
     */
    public record Props(String handler, String description, Code code, Monitoring monitoring, Map<String, String> environment,
                        int memorySize, Duration timeout, boolean snapStart) {

        public Props {
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(monitoring, "monitoring");
            environment = Map.copyOf(environment);
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String handler;
            private String description;
            private Code code;
            private Monitoring monitoring;
            private Map<String, String> environment = Map.of();
            private int memorySize = BACKGROUND_MEMORY_MB;
            private Duration timeout = Duration.seconds(10);
            private boolean snapStart = true;

            public Builder handler(String handler) {
                this.handler = handler;
                return this;
            }

            public Builder description(String description) {
                this.description = description;
                return this;
            }

            public Builder code(Code code) {
                this.code = code;
                return this;
            }

            /** The functions' code and where their alarms go, as every function of the stack has them. */
            public Builder defaults(FunctionDefaults defaults) {
                return code(defaults.code()).monitoring(defaults.monitoring());
            }

            public Builder monitoring(Monitoring monitoring) {
                this.monitoring = monitoring;
                return this;
            }

            public Builder environment(Map<String, String> environment) {
                this.environment = environment;
                return this;
            }

            public Builder memorySize(int memorySize) {
                this.memorySize = memorySize;
                return this;
            }

            public Builder timeout(Duration timeout) {
                this.timeout = timeout;
                return this;
            }

            public Builder snapStart(boolean snapStart) {
                this.snapStart = snapStart;
                return this;
            }

            public Props build() {
                return new Props(handler, description, code, monitoring, environment, memorySize, timeout, snapStart);
            }
        }
    }
}
