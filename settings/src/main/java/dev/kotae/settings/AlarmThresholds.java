package dev.kotae.settings;

/** When the stack's alarms fire, from context (docs/deploying.md's settings name each key). */
public record AlarmThresholds(int inboundOldestMessageSeconds, int api5xxPerFiveMinutes, int failedDeliveriesPerHour,
                              int deliveryRatePercent, int monthlySpendBudget, int sentPartsPerHour) {
}
