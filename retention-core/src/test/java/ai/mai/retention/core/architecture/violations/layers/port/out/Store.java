package ai.mai.retention.core.architecture.violations.layers.port.out;

import ai.mai.retention.core.architecture.violations.layers.service.Helper;

/** Violation: a port that depends on a service. */
public interface Store {
  default int size() {
    return Helper.help();
  }
}
