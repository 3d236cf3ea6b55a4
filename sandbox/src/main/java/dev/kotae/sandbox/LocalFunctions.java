package dev.kotae.sandbox;

import dev.kotae.conversations.boundary.EventRelayHandler;
import dev.kotae.conversations.boundary.GetConversationsHandler;
import dev.kotae.conversations.boundary.InboundMessageHandler;
import dev.kotae.messages.boundary.DeliveryStatusHandler;
import dev.kotae.messages.boundary.GetMessageHandler;
import dev.kotae.messages.boundary.SendMessageHandler;

/** The handler classes the stack deploys as functions, wired to the local stand-ins. */
record LocalFunctions(
        SendMessageHandler sendMessage,
        GetMessageHandler getMessage,
        GetConversationsHandler getConversations,
        InboundMessageHandler inbound,
        DeliveryStatusHandler deliveryStatus,
        EventRelayHandler eventRelay) {
}
