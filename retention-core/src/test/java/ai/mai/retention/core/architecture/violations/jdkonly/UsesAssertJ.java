package ai.mai.retention.core.architecture.violations.jdkonly;

import org.assertj.core.api.Assertions;

/** Violation: a third-party library in the core. */
public class UsesAssertJ {
  public void check() {
    Assertions.assertThat(1).isOne();
  }
}
