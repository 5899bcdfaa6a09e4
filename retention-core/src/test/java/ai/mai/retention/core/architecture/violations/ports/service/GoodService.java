package ai.mai.retention.core.architecture.violations.ports.service;

import ai.mai.retention.core.architecture.violations.ports.port.in.GoodUseCase;

/** Allowed: a *Service in the service package implements the use case. */
public class GoodService implements GoodUseCase {
  @Override
  public void run() {}
}
