package ai.mai.retention.core.domain;

/** Why a run happened; journaled and reported as its lower-case name. */
public enum CleanupTrigger {
  MANUAL,
  SCHEDULED,
  CATCH_UP,
  DEMO;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
