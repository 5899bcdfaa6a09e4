package ai.mai.retention.core.architecture.violations.cycle.a;

import ai.mai.retention.core.architecture.violations.cycle.b.Beta;

/** Violation: a depends on b ... */
public class Alpha {
  public Beta beta() {
    return new Beta();
  }
}
