package ai.mai.retention.core.architecture.violations.layers.service;

/** A service, which inner layers must not know. */
public class Helper {
  public static int help() {
    return 1;
  }
}
