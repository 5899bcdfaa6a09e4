package ai.mai.retention.core.architecture.violations.ports.service;

import ai.mai.retention.core.architecture.violations.ports.port.in.GoodUseCase;

/** Violation: implements a use case but is not named *Service. */
public class CleanupRunner implements GoodUseCase {
  @Override
  public void run() {}
}
