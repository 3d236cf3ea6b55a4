package dev.kotae.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.kotae.standins.RestJson.Refusal;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for Amazon EventBridge Scheduler's one-time schedules, speaking its REST-JSON
 * protocol for the calls Kotae makes (EventBridge Scheduler API Reference): CreateSchedule
 * ({@code POST /schedules/{Name}}), GetSchedule ({@code GET}) and DeleteSchedule ({@code DELETE}),
 * refusing what the service refuses (names, groups, expressions, retry ranges, a taken name). Due
 * schedules fire when {@link #fireDue} is called with a time past theirs: each invokes its
 * target through the {@link Invoker}, is retried per its RetryPolicy when the invocation is refused,
 * then goes to its dead-letter queue, and deletes itself after completion when asked to.
 */
public final class SchedulerStandIn implements AutoCloseable {

    /** Invokes a schedule's target at {@code at}; throws when the invocation itself is refused (not when the target fails later). */
    @FunctionalInterface
    public interface Invoker {
        void invoke(String targetArn, String input, Instant at);
    }

    public static final String ACCOUNT = "000000000000";
    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-_.]{1,64}");
    /** Narrower than a name: no full stop (the service model's ClientToken pattern, ^[a-zA-Z0-9-_]+$, 1 to 64). */
    private static final Pattern CLIENT_TOKEN = Pattern.compile("[a-zA-Z0-9-_]{1,64}");
    private static final Pattern AT = Pattern.compile("at\\(([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})\\)");
    private static final Pattern PATH = Pattern.compile("/schedules/([^/?]+)");
    /** CreateSchedule's KmsKeyArn (API reference). */
    private static final Pattern KMS_KEY_ARN = Pattern.compile(
            "arn:aws(-[a-z]+)?:kms:[a-z0-9\\-]+:\\d{12}:(key|alias)/[0-9a-zA-Z-_]*");
    private static final DateTimeFormatter AT_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final Set<String> ACTIONS_AFTER_COMPLETION = Set.of("NONE", "DELETE");
    private static final Duration FIRST_RETRY_AFTER = Duration.ofSeconds(30);

    private final LoopbackServer server;
    private final String region;
    private final Set<String> groups = new java.util.HashSet<>();
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private Invoker invoker = (arn, input, at) -> {
        throw new IllegalStateException("no target can be invoked: the stand-in was given no invoker");
    };

    private final KeptItems<KeptSchedule> keptSchedules;
    private final KeptState<Kept> kept;

    private SchedulerStandIn(int port, String region, Optional<Path> dataDirectory) {
        this.region = region;
        this.keptSchedules = KeptItems.in(dataDirectory, "scheduler-schedules", KeptSchedule.class);
        this.kept = KeptState.in(dataDirectory, "scheduler", Kept.class);
        restore();
        server = new LoopbackServer(port, 2, this::exchange);
    }

    /** Starts on 127.0.0.1, in memory; port 0 picks a free one. */
    public static SchedulerStandIn start(int port, String region) {
        return start(port, region, Optional.empty());
    }

    /**
     * As {@link #start(int, String)}, keeping its groups, schedules (with their retries) and dead letters in
     * {@code dataDirectory} when given, and starting with what it kept there.
     */
    public static SchedulerStandIn start(int port, String region, Optional<Path> dataDirectory) {
        return new SchedulerStandIn(port, region, dataDirectory);
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** What {@code AWS::Scheduler::ScheduleGroup} creates: schedules may go in it. */
    public synchronized String createScheduleGroup(String name) {
        groups.add(name);
        keepGroupsAndDeadLetters();
        return "arn:aws:scheduler:" + region + ":" + ACCOUNT + ":schedule-group/" + name;
    }

    public synchronized void invokeTargetsWith(Invoker invoker) {
        this.invoker = invoker;
    }

    /** The schedules that exist: not yet fired, or fired and kept ({@code ActionAfterCompletion: NONE}). */
    public synchronized List<Schedule> schedules() {
        return List.copyOf(schedules.values());
    }

    public synchronized List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Forgets every schedule, dead letter and call, keeping the groups (as a test between deployments needs). */
    public synchronized void reset() {
        schedules.keySet().forEach(key -> keptSchedules.remove(fileKey(key)));
        schedules.clear();
        deadLetters.clear();
        calls.clear();
        keepGroupsAndDeadLetters();
    }

    /** How many requests for {@code operation} arrived, failed ones included. */
    public synchronized int calls(String operation) {
        return calls.getOrDefault(operation, 0);
    }

    /**
     * Fires every schedule due by {@code now}, once each (a retry waits for its own time).
     *
     * @return the schedules that fired, their invocation made or refused
     */
    public List<Schedule> fireDue(Instant now) {
        List<Schedule> due;
        synchronized (this) {
            due = schedules.values().stream().filter(schedule -> !schedule.completed
                    && !schedule.nextAttemptAt.isAfter(now)).toList();
        }
        for (var schedule : due) {
            fire(schedule, now);
        }
        return due;
    }

    /** When the next schedule fires (its time, or its retry's): empty when none waits. */
    public synchronized Optional<Instant> nextDueAt() {
        return schedules.values().stream().filter(schedule -> !schedule.completed)
                .map(schedule -> schedule.nextAttemptAt).min(Instant::compareTo);
    }

    @Override
    public void close() {
        server.close();
    }

    private void fire(Schedule schedule, Instant now) {
        try {
            invoker.invoke(schedule.targetArn, schedule.input, now);
        } catch (RuntimeException refused) {
            synchronized (this) {
                var retryAt = now.plus(FIRST_RETRY_AFTER.multipliedBy(1L << Math.min(schedule.attempts, 10)));
                schedule.attempts++;
                if (schedule.attempts > schedule.maximumRetryAttempts
                        || retryAt.isAfter(schedule.at.plus(schedule.maximumEventAge))) {
                    if (schedule.deadLetterArn != null) {
                        deadLetters.add(new DeadLetter(schedule.deadLetterArn, schedule.input, schedule.arn(),
                                refused.getMessage(), schedule.attempts - 1));
                        keepGroupsAndDeadLetters();
                    }
                    complete(schedule);
                } else {
                    schedule.nextAttemptAt = retryAt;
                    keep(schedule);
                }
            }
            return;
        }
        synchronized (this) {
            complete(schedule);
        }
    }

    private void complete(Schedule schedule) {
        schedule.completed = true;
        if (schedule.actionAfterCompletion.equals("DELETE")) {
            schedules.remove(schedule.key());
            keptSchedules.remove(fileKey(schedule.key()));
        } else {
            keep(schedule);
        }
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            var path = PATH.matcher(exchange.getRequestURI().getRawPath());
            if (!path.matches()) {
                RestJson.refuse(exchange, error(404, "ResourceNotFoundException", "The stand-in answers /schedules/{Name} only."));
                return;
            }
            var name = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
            var query = RestJson.parameters(exchange.getRequestURI().getRawQuery());
            var group = query.getOrDefault("groupName", "default");
            var method = exchange.getRequestMethod();
            var operation = switch (method) {
                case "POST" -> "CreateSchedule";
                case "GET" -> "GetSchedule";
                case "DELETE" -> "DeleteSchedule";
                default -> "";
            };
            synchronized (this) {
                calls.merge(operation, 1, Integer::sum);
            }
            try {
                var answer = switch (operation) {
                    case "CreateSchedule" -> create(name, RestJson.body(exchange));
                    case "GetSchedule" -> get(name, group);
                    case "DeleteSchedule" -> delete(name, group);
                    default -> throw error(405, "ValidationException", "Unsupported method " + method);
                };
                RestJson.answer(exchange, 200, answer);
            } catch (Refusal refusal) {
                RestJson.refuse(exchange, refusal);
            }
        }
    }

    private synchronized ObjectNode create(String name, JsonNode request) {
        if (!NAME.matcher(name).matches()) {
            throw validation("Name must be 1 to 64 of [0-9a-zA-Z-_.].");
        }
        var group = request.path("GroupName").asText("default");
        if (!NAME.matcher(group).matches()) {
            throw validation("GroupName must be 1 to 64 of [0-9a-zA-Z-_.].");
        }
        if (!groups.contains(group)) {
            throw error(404, "ResourceNotFoundException", "Schedule group " + group + " does not exist.");
        }
        var expression = AT.matcher(request.path("ScheduleExpression").asText(""));
        if (!expression.matches()) {
            throw validation("Invalid Schedule Expression " + request.path("ScheduleExpression").asText("")
                    + " (the stand-in fires one-time at(yyyy-mm-ddThh:mm:ss) schedules only).");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(request.path("ScheduleExpressionTimezone").asText("UTC"));
        } catch (DateTimeException e) {
            throw validation("Invalid ScheduleExpressionTimezone.");
        }
        Instant at;
        try {
            at = LocalDateTime.parse(expression.group(1)).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw validation("Invalid Schedule Expression: " + e.getMessage());
        }
        var window = request.path("FlexibleTimeWindow");
        var mode = window.path("Mode").asText("");
        if (!mode.equals("OFF") && !mode.equals("FLEXIBLE")) {
            throw validation("FlexibleTimeWindow with Mode OFF or FLEXIBLE is required.");
        }
        var target = request.path("Target");
        if (!target.path("Arn").isTextual() || !target.path("RoleArn").isTextual()) {
            throw validation("Target with Arn and RoleArn is required.");
        }
        var retry = target.path("RetryPolicy");
        var maximumEventAge = retry.path("MaximumEventAgeInSeconds").asInt(86_400);
        var maximumRetries = retry.path("MaximumRetryAttempts").asInt(185);
        if (maximumEventAge < 60 || maximumEventAge > 86_400) {
            throw validation("MaximumEventAgeInSeconds must be from 60 to 86400.");
        }
        if (maximumRetries < 0 || maximumRetries > 185) {
            throw validation("MaximumRetryAttempts must be from 0 to 185.");
        }
        var action = request.path("ActionAfterCompletion").asText("NONE");
        if (!ACTIONS_AFTER_COMPLETION.contains(action)) {
            throw validation("ActionAfterCompletion must be NONE or DELETE.");
        }
        var kmsKeyArn = request.path("KmsKeyArn").textValue();
        if (kmsKeyArn != null && !KMS_KEY_ARN.matcher(kmsKeyArn).matches()) {
            throw validation("KmsKeyArn must be a KMS key or alias ARN.");
        }
        var clientToken = request.path("ClientToken").asText(UUID.randomUUID().toString());
        if (!CLIENT_TOKEN.matcher(clientToken).matches()) {
            throw validation("ClientToken must be 1 to 64 of [a-zA-Z0-9-_].");
        }
        var existing = schedules.get(group + "/" + name);
        if (existing != null) {
            if (existing.clientToken.equals(clientToken)) {
                return RestJson.object().put("ScheduleArn", existing.arn());
            }
            throw error(409, "ConflictException", "Schedule " + name + " already exists.");
        }
        var schedule = new Schedule(region, group, name, at, target.path("Arn").asText(),
                target.path("RoleArn").asText(), target.path("Input").asText(null), Duration.ofSeconds(maximumEventAge),
                maximumRetries, Optional.ofNullable(target.path("DeadLetterConfig").path("Arn").textValue()).orElse(null),
                action, clientToken, kmsKeyArn);
        schedules.put(schedule.key(), schedule);
        keep(schedule);
        return RestJson.object().put("ScheduleArn", schedule.arn());
    }

    private synchronized ObjectNode get(String name, String group) {
        var schedule = existing(name, group);
        var answer = RestJson.object()
                .put("Arn", schedule.arn())
                .put("Name", schedule.name)
                .put("GroupName", schedule.group)
                // The same instant in UTC, as yyyy-mm-ddThh:mm:ss (LocalDateTime's own text drops zero seconds); the
                // service answers the expression and time zone as they were given, which the stand-in does not keep.
                .put("ScheduleExpression", "at(" + AT_TIME.format(LocalDateTime.ofInstant(schedule.at, ZoneOffset.UTC)) + ")")
                .put("ScheduleExpressionTimezone", "UTC")
                .put("ActionAfterCompletion", schedule.actionAfterCompletion)
                .put("State", "ENABLED");
        answer.putObject("Target").put("Arn", schedule.targetArn).put("RoleArn", schedule.roleArn)
                .put("Input", schedule.input);
        return answer;
    }

    private synchronized ObjectNode delete(String name, String group) {
        var key = existing(name, group).key();
        schedules.remove(key);
        keptSchedules.remove(fileKey(key));
        return RestJson.object();
    }

    /** One schedule as its data directory keeps it: each in a file of its own, so a change writes one. */
    private void keep(Schedule schedule) {
        keptSchedules.put(fileKey(schedule.key()), schedule.kept());
    }

    private void keepGroupsAndDeadLetters() {
        kept.write(new Kept(List.copyOf(groups), List.copyOf(deadLetters)));
    }

    /** A schedule's group and name, neither of which may hold a '~', as one file's name. */
    private static String fileKey(String key) {
        return key.replace('/', '~');
    }

    private void restore() {
        kept.read().ifPresent(state -> {
            groups.addAll(state.groups());
            deadLetters.addAll(state.deadLetters());
        });
        keptSchedules.all().stream().map(keptSchedule -> Schedule.from(region, keptSchedule))
                .sorted(java.util.Comparator.comparing(Schedule::at))
                .forEach(schedule -> schedules.put(schedule.key(), schedule));
    }

    /** What a data directory keeps of the stand-in besides its schedules. */
    record Kept(List<String> groups, List<DeadLetter> deadLetters) {
    }

    /** One schedule as kept: as created, and how far its firing got. */
    record KeptSchedule(String group, String name, String at, String targetArn, String roleArn, String input,
                        long maximumEventAgeSeconds, int maximumRetryAttempts, String deadLetterArn,
                        String actionAfterCompletion, String clientToken, String kmsKeyArn, String nextAttemptAt,
                        int attempts, boolean completed) {
    }

    private Schedule existing(String name, String group) {
        var schedule = schedules.get(group + "/" + name);
        if (schedule == null) {
            throw error(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
        }
        return schedule;
    }

    private static Refusal validation(String message) {
        return error(400, "ValidationException", message);
    }

    private static Refusal error(int status, String type, String message) {
        return new Refusal(status, type, message);
    }

    /** One schedule as created; {@link #attempts} counts invocations refused so far. */
    public static final class Schedule {
        private final String region;
        private final String group;
        private final String name;
        private final Instant at;
        private final String targetArn;
        private final String roleArn;
        private final String input;
        private final Duration maximumEventAge;
        private final int maximumRetryAttempts;
        private final String deadLetterArn;
        private final String actionAfterCompletion;
        private final String clientToken;
        private final String kmsKeyArn;
        private Instant nextAttemptAt;
        private int attempts;
        private boolean completed;

        Schedule(String region, String group, String name, Instant at, String targetArn, String roleArn, String input,
                 Duration maximumEventAge, int maximumRetryAttempts, String deadLetterArn, String actionAfterCompletion,
                 String clientToken, String kmsKeyArn) {
            this.region = region;
            this.group = group;
            this.name = name;
            this.at = at;
            this.targetArn = targetArn;
            this.roleArn = roleArn;
            this.input = input;
            this.maximumEventAge = maximumEventAge;
            this.maximumRetryAttempts = maximumRetryAttempts;
            this.deadLetterArn = deadLetterArn;
            this.actionAfterCompletion = actionAfterCompletion;
            this.clientToken = clientToken;
            this.kmsKeyArn = kmsKeyArn;
            this.nextAttemptAt = at;
        }

        String key() {
            return group + "/" + name;
        }

        KeptSchedule kept() {
            return new KeptSchedule(group, name, at.toString(), targetArn, roleArn, input, maximumEventAge.toSeconds(),
                    maximumRetryAttempts, deadLetterArn, actionAfterCompletion, clientToken, kmsKeyArn,
                    nextAttemptAt.toString(), attempts, completed);
        }

        static Schedule from(String region, KeptSchedule kept) {
            var schedule = new Schedule(region, kept.group(), kept.name(), Instant.parse(kept.at()), kept.targetArn(),
                    kept.roleArn(), kept.input(), Duration.ofSeconds(kept.maximumEventAgeSeconds()),
                    kept.maximumRetryAttempts(), kept.deadLetterArn(), kept.actionAfterCompletion(), kept.clientToken(),
                    kept.kmsKeyArn());
            schedule.nextAttemptAt = Instant.parse(kept.nextAttemptAt());
            schedule.attempts = kept.attempts();
            schedule.completed = kept.completed();
            return schedule;
        }

        public String arn() {
            return "arn:aws:scheduler:" + region + ":" + ACCOUNT + ":schedule/" + group + "/" + name;
        }

        public String name() {
            return name;
        }

        public String group() {
            return group;
        }

        public Instant at() {
            return at;
        }

        public String input() {
            return input;
        }

        public String targetArn() {
            return targetArn;
        }

        /** The customer managed key its input is encrypted with; null for EventBridge Scheduler's own key. */
        public String kmsKeyArn() {
            return kmsKeyArn;
        }
    }

    /** What the schedule's dead-letter queue receives: its input, with why (the ERROR_MESSAGE attribute). */
    public record DeadLetter(String queueArn, String input, String scheduleArn, String errorMessage, int retryAttempts) {
    }
}
