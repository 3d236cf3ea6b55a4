package dev.kotae.standins;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table's stream on DynamoDB Local, read as Lambda's event source mapping reads it: in order,
 * each record once, handed over as the {@link DynamodbEvent} Lambda would deliver. It starts from
 * the stream's start ({@link #of}) or, for a table that outlives runs, from now ({@link #fromNow}).
 */
public final class TableStream implements AutoCloseable {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final List<String> finishedShards = new ArrayList<>();
    /** The sequence number of the last record read from each shard. */
    private final Map<String, String> lastRead = new LinkedHashMap<>();
    /** Where shards found at the first poll start; shards that appear later are read from their start. */
    private ShardIteratorType startingPosition;

    private TableStream(DynamoDbStreamsClient streams, String streamArn, ShardIteratorType startingPosition) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.startingPosition = startingPosition;
    }

    /** The stream of {@code table} (created by {@link MessageTable}) on the DynamoDB Local at {@code endpoint}, from its start. */
    public static TableStream of(URI endpoint, DynamoDbClient dynamo, String table) {
        return open(endpoint, dynamo, table, ShardIteratorType.TRIM_HORIZON);
    }

    /** As {@link #of}, but only records written from now on: what earlier runs wrote was relayed then. */
    public static TableStream fromNow(URI endpoint, DynamoDbClient dynamo, String table) {
        var stream = open(endpoint, dynamo, table, ShardIteratorType.LATEST);
        stream.poll();
        return stream;
    }

    private static TableStream open(URI endpoint, DynamoDbClient dynamo, String table, ShardIteratorType startingPosition) {
        var streamArn = dynamo.describeTable(t -> t.tableName(table)).table().latestStreamArn();
        var streams = DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        return new TableStream(streams, streamArn, startingPosition);
    }

    /** An iterator just after the last record read from {@code shardId}, or at its start when none was. */
    private String resumed(String shardId) {
        var last = lastRead.get(shardId);
        return streams.getShardIterator(i -> {
            i.streamArn(streamArn).shardId(shardId);
            if (last == null) {
                i.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            } else {
                i.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(last);
            }
        }).shardIterator();
    }

    /** The records written since the last poll (possibly none). */
    public synchronized DynamodbEvent poll() {
        for (var shard : streams.describeStream(d -> d.streamArn(streamArn)).streamDescription().shards()) {
            if (!iterators.containsKey(shard.shardId()) && !finishedShards.contains(shard.shardId())) {
                iterators.put(shard.shardId(), streams.getShardIterator(i -> i.streamArn(streamArn)
                        .shardId(shard.shardId()).shardIteratorType(startingPosition)).shardIterator());
            }
        }
        startingPosition = ShardIteratorType.TRIM_HORIZON;
        var records = new ArrayList<DynamodbEvent.DynamodbStreamRecord>();
        for (var shardId : List.copyOf(iterators.keySet())) {
            GetRecordsResponse response;
            try {
                response = streams.getRecords(r -> r.shardIterator(iterators.get(shardId)));
            } catch (TrimmedDataAccessException stale) {
                // DynamoDB Local sometimes refuses an iterator it handed out ("read past the oldest stream record"):
                // a new one from just after the last record read loses nothing and repeats nothing (from the shard's
                // start when nothing was read from it yet). Should that be refused too, the next poll tries again.
                try {
                    iterators.put(shardId, resumed(shardId));
                } catch (TrimmedDataAccessException stillStale) {
                    // kept: the next poll asks again
                }
                continue;
            }
            response.records().forEach(record -> {
                records.add(lambdaRecord(record));
                lastRead.put(shardId, record.dynamodb().sequenceNumber());
            });
            if (response.nextShardIterator() == null) {
                iterators.remove(shardId);
                finishedShards.add(shardId);
            } else {
                iterators.put(shardId, response.nextShardIterator());
            }
        }
        var event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    @Override
    public void close() {
        streams.close();
    }

    private DynamodbEvent.DynamodbStreamRecord lambdaRecord(Record record) {
        var change = record.dynamodb();
        var lambda = new DynamodbEvent.DynamodbStreamRecord();
        lambda.setEventID(record.eventID());
        lambda.setEventName(record.eventNameAsString());
        lambda.setEventVersion(record.eventVersion());
        lambda.setEventSource("aws:dynamodb");
        lambda.setAwsRegion(record.awsRegion());
        lambda.setEventSourceARN(streamArn);
        var stream = new StreamRecord()
                .withSequenceNumber(change.sequenceNumber())
                .withSizeBytes(change.sizeBytes())
                .withStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType
                        .fromValue(change.streamViewTypeAsString()))
                .withKeys(image(change.keys()));
        if (change.approximateCreationDateTime() != null) {
            stream.setApproximateCreationDateTime(Date.from(change.approximateCreationDateTime()));
        }
        if (change.hasNewImage()) {
            stream.setNewImage(image(change.newImage()));
        }
        lambda.setDynamodb(stream);
        return lambda;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image(
            Map<String, AttributeValue> item) {
        var image = new LinkedHashMap<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>();
        item.forEach((name, value) -> image.put(name, attribute(value)));
        return image;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue attribute(AttributeValue value) {
        var lambda = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        switch (value.type()) {
            case S -> lambda.setS(value.s());
            case N -> lambda.setN(value.n());
            case BOOL -> lambda.setBOOL(value.bool());
            case NUL -> lambda.setNULL(true);
            case L -> lambda.setL(value.l().stream().map(TableStream::attribute).toList());
            case M -> lambda.setM(image(value.m()));
            case SS -> lambda.setSS(value.ss());
            case NS -> lambda.setNS(value.ns());
            default -> throw new IllegalArgumentException("not read by Kotae's stream consumers: " + value.type());
        }
        return lambda;
    }
}
