package dev.kotae.shared.entity;

/**
 * What an origination identity names. End User Messaging takes a phone number, a pool, a sender ID
 * or their ARNs wherever it asks for one (API reference: SendTextMessage, OriginationIdentity).
 */
public final class OriginationIdentities {

    private OriginationIdentities() {
    }

    /** A pool id ({@code pool-…}) or pool ARN, as opposed to a phone number's. */
    public static boolean isPool(String originationIdentity) {
        return originationIdentity.startsWith("pool-") || originationIdentity.contains(":pool/");
    }
}
