package ai.mai.retention.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether cleanup is keeping up: healthy when a successful run finished within {@code maxAge}.
 *
 * @param healthy the verdict
 * @param checkedAt when the verdict was made
 * @param maxAge how old the last success may be
 * @param lastSuccess the newest successful run, if any
 * @param lastFailure the newest failed run, if any
 * @param reason one line explaining the verdict
 */
public record HealthReport(
    boolean healthy,
    Instant checkedAt,
    Duration maxAge,
    Optional<JournalEntry> lastSuccess,
    Optional<JournalEntry> lastFailure,
    String reason) {}
