package dev.kotae.store;

import dev.kotae.LocalStandIns;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/data-model.md} is the one list of what the table holds: every key the item classes
 * write is in it, every key in it is written by one of them, and the table it describes is the one
 * the stand-in (like the stack) creates.
 */
class DataModelDocumentTest {

    private static final List<Class<?>> ITEM_KINDS = List.of(
            MessageItems.class, DeliveryItems.class, IdempotencyItems.class, RecipientItems.class, InboundMarkers.class,
            CallerQuotaItems.class, SenderItems.class, ConsentItems.class, BatchItems.class, PaceItems.class);
    private static final Pattern KEY_SPAN = Pattern.compile("`([A-Z]+#?)[^`]*`");

    @Test
    void everyKeyTheItemClassesWriteIsDocumentedAndNoOther() throws IOException {
        var document = Files.readString(Path.of("../docs/data-model.md"));
        var rows = document.lines().filter(line -> line.startsWith("| ") && !line.startsWith("| item")).toList();
        var documented = rows.stream()
                .flatMap(row -> KEY_SPAN.matcher(row.split("\\|")[2] + row.split("\\|")[3]).results().map(m -> m.group(1)))
                .distinct().sorted().toList();

        assertThat(documented).containsExactlyInAnyOrderElementsOf(keyConstants());
        ITEM_KINDS.forEach(kind -> assertThat(rows).as("a row names " + kind.getSimpleName())
                .anyMatch(row -> row.contains("`" + kind.getSimpleName() + "`")));
    }

    @Test
    void theDocumentedKeysAndExpiryAreTheStandInTablesOwn() {
        var standIns = LocalStandIns.start();
        var table = standIns.newTable();
        var keys = standIns.dynamo.describeTable(d -> d.tableName(table)).table().keySchema();
        var ttl = standIns.dynamo.describeTimeToLive(d -> d.tableName(table)).timeToLiveDescription();

        assertThat(keys).extracting(key -> key.attributeName())
                .containsExactly(TableLayout.PARTITION_KEY, TableLayout.SORT_KEY);
        assertThat(ttl.attributeName()).isEqualTo(TableLayout.DELETE_AFTER);
    }

    /** The key parts each item class declares: its partition prefixes and sort keys or prefixes. */
    private static List<String> keyConstants() {
        return ITEM_KINDS.stream().flatMap(kind -> Arrays.stream(kind.getDeclaredFields()))
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .filter(field -> field.getName().endsWith("PREFIX") || field.getName().endsWith("SORT_KEY"))
                .map(DataModelDocumentTest::value)
                .distinct().sorted().toList();
    }

    private static String value(Field field) {
        try {
            field.setAccessible(true);
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
