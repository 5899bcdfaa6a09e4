package ai.mai.retention.core.port.in;

import ai.mai.retention.core.domain.JournalEntry;
import java.util.List;

/** Reads the audit journal. */
public interface QueryCleanupHistoryUseCase {

  /** The newest {@code limit} runs, newest first. */
  List<JournalEntry> recentRuns(int limit);
}
