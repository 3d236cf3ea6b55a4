package dev.kotae.standins;

import java.util.HashMap;
import java.util.Map;

/**
 * Kotae deployed on the stand-ins ({@link StandIns#deploy}): each function's environment, as the
 * stack gives it.
 *
 * @param everyFunction what the send, read and delivery-status functions are given
 * @param inbound       the inbound function's
 * @param eventRelay    the event relay's
 */
public record LocalDeployment(Map<String, String> everyFunction, Map<String, String> inbound,
                              Map<String, String> eventRelay) {

    public LocalDeployment {
        everyFunction = Map.copyOf(everyFunction);
        inbound = Map.copyOf(inbound);
        eventRelay = Map.copyOf(eventRelay);
    }

    /** Every variable any function is given, in one map that wires every handler (as tests do). */
    public Map<String, String> anyFunction() {
        var all = new HashMap<>(inbound);
        all.putAll(eventRelay);
        return all;
    }
}
