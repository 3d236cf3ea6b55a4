package dev.kotae.batches.control;

import java.util.Set;

/** Which numbers a marketing batch may reach: their consent GRANTED and not opted out. */
public interface MarketingConsent {

    /** Those of {@code phoneNumbers} (E.164) that consent to marketing messages now. */
    Set<String> consenting(Set<String> phoneNumbers);
}
