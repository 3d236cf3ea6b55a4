package dev.kotae.platform.logging;

import org.slf4j.Logger;
import org.slf4j.event.Level;
import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * How Powertools sets and reads log levels ({@code POWERTOOLS_LOG_LEVEL}, {@code AWS_LAMBDA_LOG_LEVEL}, sampling) on
 * Kotae's binding, found by Powertools' service loader as it finds its own log4j and logback managers.
 */
public final class PowertoolsLevels implements LoggingManager {

    @Override
    public void setLogLevel(Level level) {
        JsonLogger.setLevel(level);
    }

    @Override
    public Level getLogLevel(Logger logger) {
        return logger instanceof JsonLogger ours ? ours.level() : Level.INFO;
    }
}
