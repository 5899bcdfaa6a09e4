package ai.mai.retention.core.violation;

/**
 * Deliberately breaks "core depends only on the JDK" (and Guice-only-in-modules) for the rule
 * tests.
 */
public class CoreClassUsingSql {
  public Object guice() {
    return com.google.inject.Guice.createInjector();
  }
}
