package ai.mai.retention.core.architecture.violations.ports.port.in;

/** Violation: a use case that is a class, not an interface. */
public abstract class BrokenUseCase {
  public abstract void run();
}
