package dev.kotae.platform.events;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A table item as a DynamoDB stream record carries it, in the SDK's attribute values, so the store that
 * wrote the item also reads it back ({@code DynamoCommittedEvents}), and the port between the handler and
 * the store ({@code CommittedEvents}) names no AWS type.
 *
 * @param item the item's attributes, as the store reads its own items
 */
public record StreamImage(Map<String, AttributeValue> item) {

    public StreamImage {
        item = Map.copyOf(item);
    }

    /** The image Lambda's stream event carries (its own attribute value type, not the SDK's). */
    public static StreamImage of(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        return new StreamImage(toSdk(image));
    }

    private static Map<String, AttributeValue> toSdk(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        var item = new LinkedHashMap<String, AttributeValue>();
        image.forEach((name, value) -> item.put(name, toSdk(value)));
        return item;
    }

    private static AttributeValue toSdk(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value) {
        if (value.getS() != null) {
            return AttributeValue.fromS(value.getS());
        }
        if (value.getN() != null) {
            return AttributeValue.fromN(value.getN());
        }
        if (value.getBOOL() != null) {
            return AttributeValue.fromBool(value.getBOOL());
        }
        if (value.getL() != null) {
            return AttributeValue.fromL(value.getL().stream().map(StreamImage::toSdk).toList());
        }
        if (value.getM() != null) {
            return AttributeValue.fromM(toSdk(value.getM()));
        }
        if (value.getSS() != null) {
            return AttributeValue.fromSs(value.getSS());
        }
        if (value.getNS() != null) {
            return AttributeValue.fromNs(value.getNS());
        }
        if (Boolean.TRUE.equals(value.getNULL())) {
            return AttributeValue.fromNul(true);
        }
        throw new IllegalArgumentException("an attribute type Kotae never writes: " + value);
    }
}
