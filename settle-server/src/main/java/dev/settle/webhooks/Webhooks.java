package dev.settle.webhooks;

import dev.settle.store.LedgerStore;

/** What the API needs of webhooks: the endpoints, the relay, the rule on targets, and the events' store. */
public record Webhooks(WebhookEndpoints endpoints, WebhookRelay relay, TargetPolicy targets, LedgerStore store) {}
