package dev.kotae.settings;

import java.util.List;

/**
 * Where Kotae deploys, and what a region changes. The CDK app, `kotae preflight`, docs/deploying.md's region
 * list and the template tests (which lint the stack for each region here) read these lists; nothing
 * else names regions.
 */
public final class Regions {

    /**
     * The commercial regions where AWS End User Messaging SMS is offered, as the AWS End User Messaging
     * SMS User Guide lists them ("What is AWS End User Messaging SMS?", Regional availability).
     */
    public static final List<String> SUPPORTED = List.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "af-south-1",
            "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-6",
            "ca-central-1", "ca-west-1",
            "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
            "eu-west-3",
            "il-central-1", "me-central-1", "me-south-1",
            "sa-east-1");

    /**
     * Supported regions where Lambda does not offer SnapStart (AWS Lambda Developer Guide, "Improving
     * startup performance with Lambda SnapStart", supported Regions): functions there start without a
     * snapshot, and the first request of each new execution environment pays the whole JVM start.
     */
    public static final List<String> WITHOUT_SNAPSTART = List.of("ap-east-2", "ap-southeast-6");

    private Regions() {
    }

    /** @param region a concrete region name, not a token */
    public static boolean offersSnapStart(String region) {
        return !WITHOUT_SNAPSTART.contains(region);
    }
}
