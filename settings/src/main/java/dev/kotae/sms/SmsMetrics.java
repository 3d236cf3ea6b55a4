package dev.kotae.sms;

import java.util.List;

/**
 * End User Messaging's own CloudWatch metrics (namespace {@value #NAMESPACE}: whole account and Region, no
 * dimension, written only through its service-linked role: AWS End User Messaging SMS User Guide,
 * "Monitoring with Amazon CloudWatch"). The stack's spend alarms read some of them, and {@code kotae smoke}
 * checks those exist.
 */
public final class SmsMetrics {

    public static final String NAMESPACE = "AWS/SMSVoice";
    /** The month's spend so far, US dollars: read with Maximum. */
    public static final String MONTHLY_SPEND = "TextMessageMonthlySpend";
    public static final String PARTS_SENT = "NumberOfTextMessagePartsSent";
    public static final String PARTS_DELIVERED = "NumberOfTextMessagePartsDelivered";
    public static final String MESSAGES_RECEIVED = "NumberOfMessagesReceived";
    /** What the MonthlySpend and SpendRate alarms read. */
    public static final List<String> READ_BY_ALARMS = List.of(MONTHLY_SPEND, PARTS_SENT);

    private SmsMetrics() {
    }
}
