package ai.mai.retention.core.port.in;

import ai.mai.retention.core.domain.HealthReport;
import java.time.Duration;

/** Is cleanup keeping up? */
public interface CheckCleanupHealthUseCase {

  /** Healthy when a successful run finished within {@code maxAge} of now. */
  HealthReport checkHealth(Duration maxAge);
}
