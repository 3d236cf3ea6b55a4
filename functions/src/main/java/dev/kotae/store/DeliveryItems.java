package dev.kotae.store;

import dev.kotae.messages.entity.DeliveryEvent;
import dev.kotae.messages.entity.DeliveryReport;
import dev.kotae.messages.entity.DeliveryStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A message's delivery, in its own partition beside the message item: every event End User
 * Messaging reported ({@code MESSAGE#{messageId} / DELIVERY#{at}#{eventType}}) and the furthest
 * status reached ({@code MESSAGE#{messageId} / DELIVERY}, which moves forward only, by rank).
 */
final class DeliveryItems {

    private static final String CURRENT_SORT_KEY = "DELIVERY";
    private static final String STEP_PREFIX = "DELIVERY#";
    /** The attribute the current status's condition compares: a later event may not move it back. */
    static final String RANK = "rank";

    private DeliveryItems() {
    }

    static boolean isCurrent(String sortKey) {
        return sortKey.equals(CURRENT_SORT_KEY);
    }

    static boolean isStep(String sortKey) {
        return sortKey.startsWith(STEP_PREFIX);
    }

    static Map<String, AttributeValue> currentKey(String messageId) {
        return TableLayout.key(MessageItems.PARTITION_PREFIX + messageId, CURRENT_SORT_KEY);
    }

    /** One reported event; the same event reported twice is the same item. */
    static Map<String, AttributeValue> step(DeliveryEvent event, Duration retention) {
        var item = new HashMap<>(TableLayout.key(MessageItems.PARTITION_PREFIX + event.kotaeMessageId(),
                STEP_PREFIX + event.at() + "#" + event.eventType()));
        values(event, retention).forEach((placeholder, value) -> item.put(placeholder.substring(1), value));
        return item;
    }

    /** Moves the current status to {@code event}'s, given {@link #currentValues} and a rank condition. */
    static String currentUpdate(DeliveryEvent event) {
        return "SET #rank = :rank, eventType = :eventType, deliveryStatus = :deliveryStatus,"
                + " deliveredAt = :deliveredAt, " + TableLayout.DELETE_AFTER + " = :deleteAfter"
                + (event.description().isPresent() ? ", description = :description" : " REMOVE description");
    }

    static Map<String, AttributeValue> currentValues(DeliveryEvent event, DeliveryStatus status, Duration retention) {
        var values = new HashMap<>(values(event, retention));
        values.put(":rank", AttributeValue.fromN(Integer.toString(status.rank())));
        return values;
    }

    static DeliveryReport.Step read(Map<String, AttributeValue> item) {
        return new DeliveryReport.Step(
                item.get("eventType").s(),
                Optional.ofNullable(item.get("deliveryStatus")).map(status -> DeliveryStatus.valueOf(status.s())),
                Instant.parse(item.get("deliveredAt").s()),
                Optional.ofNullable(item.get("description")).map(AttributeValue::s));
    }

    /** As expression values (":name"); {@link #step} strips the colon for a whole item. */
    private static Map<String, AttributeValue> values(DeliveryEvent event, Duration retention) {
        var values = new HashMap<String, AttributeValue>();
        values.put(":eventType", AttributeValue.fromS(event.eventType()));
        event.status().ifPresent(status -> values.put(":deliveryStatus", AttributeValue.fromS(status.name())));
        values.put(":deliveredAt", AttributeValue.fromS(event.at().toString()));
        event.description().ifPresent(description -> values.put(":description", AttributeValue.fromS(description)));
        values.put(":deleteAfter", TableLayout.epochSeconds(event.at().plus(retention)));
        return values;
    }
}
