package ai.mai.retention.app.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, or "dev" when run from classes. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = RetentionCommand.class.getPackage().getImplementationVersion();
    return new String[] {"retention-app " + (version == null ? "dev" : version)};
  }
}
