package dev.kotae.settings;

/** When the stack's alarms fire, from context (the README's settings name each key). */
public record AlarmThresholds(int inboundOldestMessageSeconds, int api5xxPerFiveMinutes, int failedDeliveriesPerHour,
                              int deliveryRatePercent, int monthlySpendBudget, int sentPartsPerHour) {
}
