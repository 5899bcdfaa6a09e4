package ai.mai.retention.core.architecture.violations.jdkonly;

import java.util.List;

/** Allowed: only the JDK. */
public class PlainJdk {
  public List<String> names() {
    return List.of("org-a");
  }
}
