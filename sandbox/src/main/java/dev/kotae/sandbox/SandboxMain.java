package dev.kotae.sandbox;

import dev.kotae.settings.FunctionEnvironment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** {@code bin/sandbox}: starts the sandbox, prints where everything listens, stops cleanly on Ctrl-C. */
public final class SandboxMain {

    private static final String USAGE = """
            Usage: bin/sandbox [-c kotae:KEY=VALUE …] [--port 8080] [--data-dir DIR] [--caller ARN]
                               [--visibility-timeout SECONDS]
              -c, --context         a deployment setting, as cdk deploy takes it (docs/deploying.md's settings);
                                    the sandbox runs what a deploy with the documented settings runs, and each -c
                                    adds or replaces one, e.g. -c kotae:optOutList=Default
              --port                the API and control port (default 8080)
              --data-dir            keep the table, the queues, the schedules and the clock in DIR, so they
                                    survive a restart (default: in memory)
              --caller              the IAM principal of local API requests, recorded and held to kotae:callers
              --visibility-timeout  seconds before a failed inbound message is received again (default 5)
            """;

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SandboxOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(64);
            return;
        }
        if (!FunctionEnvironment.SERVICE_NAME.equals(System.getenv(FunctionEnvironment.SERVICE_NAME_VARIABLE))) {
            // Powertools reads it from the environment only: a JVM started past bin/sandbox logs service_undefined.
            System.err.println("Note: " + FunctionEnvironment.SERVICE_NAME_VARIABLE + " is not " + FunctionEnvironment.SERVICE_NAME
                    + ", so the functions' log lines will not name Kotae's service as the stack's do; bin/sandbox sets it.");
        }
        var started = System.nanoTime();
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(options);
        } catch (PortInUseException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("The sandbox did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the Kotae sandbox…");
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        printReady(sandbox, options, Duration.ofNanos(System.nanoTime() - started));
        stopped.await();
    }

    private static void printReady(Sandbox sandbox, SandboxOptions options, Duration took) {
        var endpoints = sandbox.endpoints();
        System.out.printf("""

                Kotae sandbox ready in %.1f s
                  API            %s   POST /messages · GET /messages/{id} · GET /conversations/{number}
                  Control        %s/sandbox/…   (GET %s/ lists every route)
                  DynamoDB Local %s   table %s
                  SQS (ElasticMQ) %s   queues %s, %s (each with a -dlq)
                  SMS simulator  %s
                  EventBridge    %s
                  Our number     %s · caller %s
                  Settings       %s
                Ctrl-C stops everything.
                %n""",
                took.toMillis() / 1000.0,
                endpoints.get("api"), endpoints.get("api"), endpoints.get("api"),
                endpoints.get("dynamodb"), Sandbox.TABLE,
                endpoints.get("sqs"), Sandbox.QUEUE, Sandbox.STATUS_QUEUE,
                endpoints.get("sms"), endpoints.get("eventbridge"),
                options.ourNumber(), options.caller(), options.context());
    }

    static SandboxOptions parse(String[] args) {
        var options = SandboxOptions.defaults();
        for (int i = 0; i < args.length; i++) {
            var flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value.");
            }
            var value = args[++i];
            options = switch (flag) {
                case "-c", "--context" -> context(options, value);
                case "--port" -> options.withApiPort(number(flag, value, 0, 65535));
                case "--data-dir" -> options.withDataDirectory(Path.of(value));
                case "--caller" -> options.withCaller(value);
                case "--visibility-timeout" -> options.withVisibilityTimeout(
                        Duration.ofSeconds(number(flag, value, 0, 43_200)));
                default -> throw new IllegalArgumentException("Unknown option " + flag + ".");
            };
        }
        return options;
    }

    private static SandboxOptions context(SandboxOptions options, String setting) {
        var equals = setting.indexOf('=');
        if (equals < 1) {
            throw new IllegalArgumentException("-c takes KEY=VALUE, as cdk deploy does; got '" + setting + "'.");
        }
        return options.withContext(setting.substring(0, equals), setting.substring(equals + 1));
    }

    private static int number(String flag, String value, int min, int max) {
        try {
            var number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a whole number from " + min + " to " + max + ".");
    }
}
