package ai.mai.retention.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FailureMessagesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "postgresql://user:secret@host/db",
        "jdbc:postgresql://user:secret@host:5432/db?sslmode=require",
        "connect failed: password=secret",
        "PASSWORD = secret",
        "jdbc:postgresql://host/db?user=mai&password=secret&ssl=true",
        "pwd:secret;host=db",
        "PGPASSWORD=secret psql -h host",
        "{\"user\":\"mai\",\"password\":\"secret\"}",
        "postgresql://user:sec@secret@host/db",
        "postgresql://:secret@host/db"
      })
  void removesPasswords(String message) {
    String clean = FailureMessages.sanitize(message);

    assertThat(clean).doesNotContain("secret").contains("***");
  }

  @Test
  void keepsWhatHelpsAnOperator() {
    assertThat(FailureMessages.sanitize("postgresql://user:secret@host:5432/db failed"))
        .isEqualTo("postgresql://user:***@host:5432/db failed");
    assertThat(FailureMessages.sanitize("jdbc:postgresql://host/db?user=mai&password=x&ssl=true"))
        .isEqualTo("jdbc:postgresql://host/db?user=mai&password=***&ssl=true");
    assertThat(FailureMessages.sanitize("no such table: processed_generations"))
        .isEqualTo("no such table: processed_generations");
  }

  @Test
  void aPasswordContainingAnAtSignIsMaskedWhole() {
    assertThat(FailureMessages.sanitize("postgresql://user:p@ss@host:5432/db and more"))
        .isEqualTo("postgresql://user:***@host:5432/db and more");
  }

  @Test
  void urlsWithoutCredentialsAreLeftAlone() {
    String text = "jdbc:postgresql://db.internal:5432/mai?sslmode=require refused";
    assertThat(FailureMessages.sanitize(text)).isEqualTo(text);
  }

  @Test
  void describesTheCauseChainOnOneBoundedLine() {
    Exception root = new SQLException("FATAL:\n  password authentication failed for user \"mai\"");
    Exception wrapped =
        new IllegalStateException("cannot open postgresql://mai:hunter2@db/mai", root);

    String text = FailureMessages.describe(wrapped);

    assertThat(text)
        .startsWith("IllegalStateException: cannot open postgresql://mai:***@db/mai")
        .contains(" <- SQLException: FATAL: password authentication failed")
        .doesNotContain("hunter2")
        .doesNotContain("\n");
  }

  @Test
  void myBatisReportsAreCutToTheirFirstPhraseAndTheCauseIsKept() {
    Exception driver = new SQLException("Connection to localhost:5432 refused.");
    Exception myBatis =
        new RuntimeException(
            "\n### Error querying database.  Cause: java.sql.SQLException: Connection to"
                + " localhost:5432 refused.\n### The error may exist in"
                + " ai/mai/retention/adapter/postgres/CleanupLockMapper.xml\n### The error may"
                + " involve defaultParameterMap\n### SQL: SELECT pg_try_advisory_lock(?)\n###"
                + " Cause: java.sql.SQLException: Connection to localhost:5432 refused.",
            driver);

    assertThat(FailureMessages.describe(myBatis))
        .isEqualTo(
            "RuntimeException: Error querying database. <- SQLException: Connection to"
                + " localhost:5432 refused.");
  }

  @Test
  void aWrapperThatOnlyRepeatsItsCauseAddsNothing() {
    Exception cause = new IllegalStateException("disk full");

    assertThat(FailureMessages.describe(new RuntimeException(cause)))
        .isEqualTo("RuntimeException <- IllegalStateException: disk full");
  }

  @Test
  void aSelfCausedOrDeepChainEnds() {
    Exception deep = new RuntimeException("level 0");
    for (int i = 1; i < 10; i++) {
      deep = new RuntimeException("level " + i, deep);
    }
    assertThat(FailureMessages.describe(deep)).contains("level 9").doesNotContain("level 5");
  }

  @Test
  void longMessagesAreCut() {
    String text = FailureMessages.sanitize("x".repeat(FailureMessages.MAX_LENGTH * 3));

    assertThat(text).hasSize(FailureMessages.MAX_LENGTH).endsWith("...");
  }

  @Test
  void aSecretPastTheCutIsRemovedBeforeCutting() {
    String message = "x".repeat(FailureMessages.MAX_LENGTH - 10) + " password=abcdefghijklmnop";

    assertThat(FailureMessages.sanitize(message)).doesNotContain("abcdefgh");
  }

  @Test
  void exceptionsWithoutMessagesAreNamed() {
    assertThat(FailureMessages.describe(new NullPointerException()))
        .isEqualTo("NullPointerException");
    assertThat(FailureMessages.sanitize(null)).isNull();
  }
}
