package ai.mai.retention.core.architecture.violations.cycle.b;

import ai.mai.retention.core.architecture.violations.cycle.a.Alpha;

/** ... and b depends on a. */
public class Beta {
  public Alpha alpha() {
    return new Alpha();
  }
}
