package dev.settle.webhooks;

/** What the API needs of webhooks: the endpoints, the relay, and the rule on targets. */
public record Webhooks(WebhookEndpoints endpoints, WebhookRelay relay, TargetPolicy targets) {}
