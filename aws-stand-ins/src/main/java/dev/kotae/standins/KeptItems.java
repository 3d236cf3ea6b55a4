package dev.kotae.standins;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Many items of a stand-in kept in a data directory, one JSON file each, so that a change writes one item
 * however many there are (a batch of a thousand schedules, say): written to a temporary file and moved over
 * the last, removed when the item goes. Without a data directory nothing is kept.
 */
public final class KeptItems<T> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String SUFFIX = ".json";

    private final Optional<Path> directory;
    private final Class<T> type;

    private KeptItems(Optional<Path> directory, Class<T> type) {
        this.directory = directory;
        this.type = type;
    }

    /** The directory {@code name} in {@code dataDirectory}, holding one {@code type} a file. */
    public static <T> KeptItems<T> in(Optional<Path> dataDirectory, String name, Class<T> type) {
        return new KeptItems<>(dataDirectory.map(dir -> dir.toAbsolutePath().resolve(name)), type);
    }

    /** Every item kept, in no order; none without a data directory. */
    public List<T> all() {
        var items = new ArrayList<T>();
        directory.filter(Files::isDirectory).ifPresent(dir -> {
            try (var files = Files.list(dir)) {
                for (var file : files.filter(path -> path.getFileName().toString().endsWith(SUFFIX)).toList()) {
                    items.add(JSON.readValue(file.toFile(), type));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + dir + ": delete it to start without what it kept", e);
            }
        });
        return items;
    }

    /** @param key letters, digits and {@code -_.~} only: it names the item's file */
    public void put(String key, T item) {
        directory.ifPresent(dir -> {
            try {
                Files.createDirectories(dir);
                var file = dir.resolve(key + SUFFIX);
                var written = dir.resolve(key + SUFFIX + ".new");
                JSON.writeValue(written.toFile(), item);
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot keep " + key + " in " + dir, e);
            }
        });
    }

    public void remove(String key) {
        directory.ifPresent(dir -> {
            try {
                Files.deleteIfExists(dir.resolve(key + SUFFIX));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot forget " + key + " in " + dir, e);
            }
        });
    }
}
