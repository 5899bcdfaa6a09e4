package ai.mai.retention.core.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** One {@code processed_generations} row as the contract tests insert it. */
public record GenerationRow(
    String id,
    String organizationId,
    LocalDate generationDate,
    long processedAt,
    double totalCost,
    long totalTokens) {

  public static GenerationRow at(
      String id, String organizationId, Instant processedAt, double cost, long tokens) {
    return new GenerationRow(
        id,
        organizationId,
        LocalDate.ofInstant(processedAt, ZoneOffset.UTC),
        processedAt.getEpochSecond(),
        cost,
        tokens);
  }
}
