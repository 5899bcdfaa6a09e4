package ai.mai.retention.core.architecture.violations.ports.port.in;

/** Violation: an in-port interface not named *UseCase. */
public interface Runner {
  void run();
}
