package ai.mai.retention.core.contract;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The ground truth for a set of rows under some criteria, computed in plain Java. */
public record ExpectedOutcome(OrganizationBreakdown deleted, List<String> remainingIds) {

  public static ExpectedOutcome of(List<GenerationRow> rows, CleanupCriteria criteria) {
    OrganizationBreakdown.Builder deleted = OrganizationBreakdown.builder();
    List<String> remaining = new ArrayList<>();
    for (GenerationRow row : rows) {
      if (criteria.isExpired(row.organizationId(), row.processedAt())) {
        deleted.addRow(row.organizationId(), row.totalTokens(), row.totalCost());
      } else {
        remaining.add(row.id());
      }
    }
    Collections.sort(remaining);
    return new ExpectedOutcome(deleted.build(), remaining);
  }
}
