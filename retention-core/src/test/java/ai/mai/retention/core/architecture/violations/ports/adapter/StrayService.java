package ai.mai.retention.core.architecture.violations.ports.adapter;

import ai.mai.retention.core.architecture.violations.ports.port.in.GoodUseCase;

/** Violation: a use-case service outside the service package. */
public class StrayService implements GoodUseCase {
  @Override
  public void run() {}
}
