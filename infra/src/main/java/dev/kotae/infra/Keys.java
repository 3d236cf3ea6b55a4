package dev.kotae.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/** Kotae's customer-managed KMS keys: all rotate yearly; only the table's key outlives the stack. */
final class Keys {

    private Keys() {
    }

    /**
     * A key for what is deleted with the stack (topics, queues): CloudFormation schedules the key's
     * deletion when the stack goes, after KMS's default 30-day pending window, in which it can still
     * be cancelled. Retaining it would bill a key that protects nothing, forever.
     */
    static Key deletedWithStack(Construct scope, String id, String description) {
        return Key.Builder.create(scope, id)
                .description(description)
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }
}
