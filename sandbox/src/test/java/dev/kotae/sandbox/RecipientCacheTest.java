package dev.kotae.sandbox;

import dev.kotae.conversations.entity.RecipientSnapshot;
import dev.kotae.conversations.entity.RecipientState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientCacheTest {

    private final List<String> reads = new ArrayList<>();
    private final RecipientCache cache = new RecipientCache(number -> {
        reads.add(number);
        return new RecipientSnapshot(RecipientState.neverSeen(number), List.of(), Optional.empty());
    });

    @Test
    void aNumberIsReadOnceUntilItsPartitionIsWritten() {
        for (int i = 0; i < 5; i++) {
            cache.get("+819012345678");
        }
        cache.written("+819012345678");
        cache.get("+819012345678");
        cache.get("+819012345678");

        assertThat(reads).containsExactly("+819012345678", "+819012345678");
    }

    @Test
    void aWriteToAnotherNumberReadsNothingAgain() {
        cache.get("+819012345678");
        cache.written("+819087654321");
        cache.get("+819012345678");

        assertThat(reads).containsExactly("+819012345678");
    }

    @Test
    void aWriteBeforeTheFirstLookStillLeadsToOneRead() {
        cache.written("+819012345678");
        cache.get("+819012345678");
        cache.get("+819012345678");

        assertThat(reads).containsExactly("+819012345678");
    }
}
