package dev.kotae.platform.logging;

import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A logger of {@link JsonLogProvider}: Kotae's own ({@code dev.kotae…}) log from INFO, every library's (the AWS SDK's,
 * Powertools') from WARN, as the stack's functions always have; Powertools may lower or raise them all at once
 * ({@code POWERTOOLS_LOG_LEVEL}, or a sampled invocation) through {@link PowertoolsLevels}.
 */
final class JsonLogger extends LegacyAbstractLogger {

    private static final String KOTAE = "dev.kotae";
    private static final Map<String, JsonLogger> LOGGERS = new ConcurrentHashMap<>();
    /** Every logger's level when Powertools has set one, else each its own. */
    private static volatile Optional<Level> override = Optional.empty();

    private final Level own;

    private JsonLogger(String name) {
        this.name = name;
        this.own = name.equals(KOTAE) || name.startsWith(KOTAE + ".") ? Level.INFO : Level.WARN;
    }

    static Logger named(String name) {
        return LOGGERS.computeIfAbsent(name, JsonLogger::new);
    }

    static void setLevel(Level level) {
        override = Optional.of(level);
    }

    /** Each logger's own level again (for tests: Powertools sets a level once per execution environment). */
    static void resetLevel() {
        override = Optional.empty();
    }

    Level level() {
        return override.orElse(own);
    }

    private boolean enabled(Level asked) {
        // SLF4J numbers its levels upwards from TRACE (0) to ERROR (40).
        return asked.toInt() >= level().toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
                                               Throwable throwable) {
        JsonLines.write(System.out, level, MessageFormatter.basicArrayFormat(messagePattern, arguments), throwable,
                MDC.getCopyOfContextMap());
    }
}
