package dev.kotae.conversations.control;

/** End User Messaging's opt-out list, kept in step with Kotae's own record when one is configured. */
public interface ProviderOptOuts {

    /** No list configured: Kotae's table is the only record. */
    ProviderOptOuts NONE = new ProviderOptOuts() {
        @Override
        public void add(String phoneNumber) {
        }

        @Override
        public void remove(String phoneNumber) {
        }
    };

    void add(String phoneNumber);

    /** Best effort: the provider allows one removal per number every 30 days. */
    void remove(String phoneNumber);
}
