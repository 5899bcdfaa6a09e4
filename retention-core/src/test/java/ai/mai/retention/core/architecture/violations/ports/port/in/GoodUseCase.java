package ai.mai.retention.core.architecture.violations.ports.port.in;

/** Allowed: an in-port interface named *UseCase. */
public interface GoodUseCase {
  void run();
}
