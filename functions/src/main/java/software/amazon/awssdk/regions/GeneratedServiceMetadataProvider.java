package software.amazon.awssdk.regions;

import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.EventsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SchedulerServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SmsVoiceServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SqsServiceMetadata;

/**
 * Kotae's stand-in for the SDK's provider of the same name, which the functions jar carries instead (the shade plugin
 * leaves the SDK's out). Every client the SDK builds reads its service's metadata for the signing region, and the
 * SDK's provider builds the metadata of all of AWS's services to answer: some 316 classes and 60 ms or more of each
 * cold start. This one answers for the five services Kotae's functions build clients for, with the SDK's own metadata of each; any other
 * gets the SDK's default metadata ({@link ServiceMetadata#of}), as a service the SDK's provider does not know does.
 * {@code ServiceMetadataProviderTest} holds it to the SDK's answers for every region, and the jar test to being the
 * jar's one provider.
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {

    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return switch (endpointPrefix) {
            case "dynamodb" -> new DynamodbServiceMetadata();
            case "sms-voice" -> new SmsVoiceServiceMetadata();
            case "events" -> new EventsServiceMetadata();
            case "sqs" -> new SqsServiceMetadata();
            case "scheduler" -> new SchedulerServiceMetadata();
            default -> null;
        };
    }
}
