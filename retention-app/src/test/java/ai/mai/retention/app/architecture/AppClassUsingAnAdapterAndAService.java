package ai.mai.retention.app.architecture;

/** Deliberately breaks "the app uses the front door": an adapter's class and a core service. */
class AppClassUsingAnAdapterAndAService {
  Class<?> adapter() {
    return ai.mai.retention.adapter.sqlite.SqliteDataSources.class;
  }

  Class<?> service() {
    return ai.mai.retention.core.service.RunCleanupService.class;
  }
}
