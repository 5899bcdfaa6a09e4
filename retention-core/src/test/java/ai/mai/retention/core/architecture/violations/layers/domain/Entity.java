package ai.mai.retention.core.architecture.violations.layers.domain;

import ai.mai.retention.core.architecture.violations.layers.service.Helper;

/** Violation: the domain reaches outward into a service. */
public class Entity {
  public int value() {
    return Helper.help();
  }
}
