package dev.kotae.standins;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A stand-in's state kept in a data directory as one JSON file, written whole after each change (to a
 * temporary file, then moved over the last), read back when the stand-in starts again: what waits in it
 * (a schedule, an invocation's retry, the clock's advance) survives a restart, as it survives anything on AWS.
 * Without a data directory nothing is kept.
 */
public final class KeptState<T> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Optional<Path> file;
    private final Class<T> type;

    private KeptState(Optional<Path> file, Class<T> type) {
        this.file = file;
        this.type = type;
    }

    /** The file {@code name}.json in {@code directory}, holding a {@code type}. */
    public static <T> KeptState<T> in(Optional<Path> directory, String name, Class<T> type) {
        return new KeptState<>(directory.map(dir -> dir.toAbsolutePath().resolve(name + ".json")), type);
    }

    /** What was kept; empty without a data directory or before the first change. */
    public Optional<T> read() {
        return file.filter(Files::exists).map(path -> {
            try {
                return JSON.readValue(path.toFile(), type);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + path + ": delete it to start without what it kept", e);
            }
        });
    }

    public void write(T state) {
        file.ifPresent(path -> {
            try {
                Files.createDirectories(path.getParent());
                var written = path.resolveSibling(path.getFileName() + ".new");
                JSON.writeValue(written.toFile(), state);
                Files.move(written, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot keep " + path, e);
            }
        });
    }
}
