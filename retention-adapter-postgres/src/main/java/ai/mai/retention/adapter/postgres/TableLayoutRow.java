package ai.mai.retention.adapter.postgres;

/**
 * What a sweep needs to choose its strategy: the heap's size in blocks, whether an index leads with
 * {@code processed_at}, and the server version ({@code server_version_num}, e.g. 170006).
 */
record TableLayoutRow(long blocks, boolean processedAtIndexed, int serverVersion) {}
