package ai.mai.retention.adapter.sqlite;

/** What the statistics need of one expired or deleted row. */
record DeletedRow(String clientOrgId, long totalTokens, double totalCost) {}
