package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Per-organization retention, legal holds, the guards and the target table setting, through the
 * app's real entry point on real SQLite files. Rows sit hours away from every cutoff, so the few
 * seconds between arranging and running never move a row across one.
 */
class PolicyCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = 86_400L;

  /** Ages in days: hours either side of every retention used below (5, 30, 60, 90, 180). */
  private static final double[] AGES = {
    1, 4.9, 5.1, 29.9, 30.1, 59.9, 60.1, 89.9, 90.1, 179.9, 180.1, 400
  };

  /** The policy of the main scenario: default 60 days, two overrides, two holds. */
  private static final int DEFAULT_DAYS = 60;

  private static final Map<String, Integer> OVERRIDES = Map.of("org-a", 180, "org-b", 30);
  private static final Set<String> HOLDS = Set.of("org-c", "org-d");

  /**
   * Organizations in the data: the policy's, one under the default, and ids no policy can name (a
   * quote, a SQL comment, a case variant of an overridden id) which must take the default.
   */
  private static final List<String> ORGANIZATIONS =
      List.of("org-a", "org-b", "org-c", "org-d", "org-e", "o'rg", "org-b;--", "ORG-A");

  @TempDir Path directory;

  private LegacySqliteDatabase database;
  private Instant now;

  @BeforeEach
  void legacyDatabase() {
    database = LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
    now = Instant.now();
  }

  private AppRun app(Map<String, String> environment, String... args) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("RETENTION_DB_URL", database.url());
    return AppRun.of(env, args);
  }

  private AppRun app(String... args) {
    return app(Map.of(), args);
  }

  private static String id(String org, double age) {
    return org + "@" + age;
  }

  private Instant aged(double days) {
    return now.minusSeconds(Math.round(days * DAY));
  }

  /** Every organization at every age; returns the ids the main policy keeps, sorted. */
  private List<String> arrangePolicyScenario() {
    List<String> kept = new ArrayList<>();
    int n = 0;
    for (String org : ORGANIZATIONS) {
      for (double age : AGES) {
        n++;
        database.insert(id(org, age), org, aged(age), 0.001 * n, 10L * n);
        boolean expired = !HOLDS.contains(org) && age > OVERRIDES.getOrDefault(org, DEFAULT_DAYS);
        if (!expired) {
          kept.add(id(org, age));
        }
      }
    }
    kept.sort(null);
    return kept;
  }

  /** Rows the main policy deletes, per organization, counted from the ages alone. */
  private static Map<String, Long> expectedDeletedPerOrganization() {
    Map<String, Long> deleted = new TreeMap<>();
    for (String org : ORGANIZATIONS) {
      for (double age : AGES) {
        if (!HOLDS.contains(org) && age > OVERRIDES.getOrDefault(org, DEFAULT_DAYS)) {
          deleted.merge(org, 1L, Long::sum);
        }
      }
    }
    return deleted;
  }

  static Stream<Arguments> policySources() {
    return Stream.of(
        Arguments.of(
            "flags",
            Map.of(),
            List.of(
                "--retention-days",
                "60",
                "--tenant-retention",
                "org-a=180,org-b=30",
                "--legal-hold",
                "org-c,org-d")),
        Arguments.of(
            "environment",
            Map.of(
                "CLEANUP_RETENTION_DAYS", "60",
                "CLEANUP_TENANT_RETENTION_DAYS", "org-a=180, org-b=30",
                "CLEANUP_LEGAL_HOLD", "org-d,org-c"),
            List.of()),
        Arguments.of(
            "flags over environment",
            Map.of(
                "CLEANUP_RETENTION_DAYS", "60",
                "CLEANUP_TENANT_RETENTION_DAYS", "org-a=1,org-e=1",
                "CLEANUP_LEGAL_HOLD", "org-e"),
            List.of("--tenant-retention", "org-b=30,org-a=180", "--legal-hold", "org-c,org-d")),
        Arguments.of("config file", Map.of(), List.of("--config", "@policy-file")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policySources")
  void overridesAndHoldsGiveExactlyTheExpectedRemainingRows(
      String source, Map<String, String> environment, List<String> settings) throws Exception {
    List<String> kept = arrangePolicyScenario();
    Path policyFile = directory.resolve("policy.properties");
    Files.writeString(
        policyFile,
        "CLEANUP_RETENTION_DAYS=60\n"
            + "CLEANUP_TENANT_RETENTION_DAYS=org-a=180,org-b=30\n"
            + "CLEANUP_LEGAL_HOLD=org-c,org-d\n");
    List<String> args = new ArrayList<>(List.of("cleanup", "--json"));
    settings.forEach(arg -> args.add(arg.equals("@policy-file") ? policyFile.toString() : arg));

    AppRun run = app(environment, args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(database.ids()).isEqualTo(kept);
    JsonNode report = JSON.readTree(run.out());
    Map<String, Long> deleted = expectedDeletedPerOrganization();
    long total = (long) ORGANIZATIONS.size() * AGES.length;
    assertThat(report.get("records_before").asLong()).isEqualTo(total);
    assertThat(report.get("records_deleted").asLong())
        .isEqualTo(deleted.values().stream().mapToLong(Long::longValue).sum());
    assertThat(report.get("records_remaining").asLong()).isEqualTo(kept.size());
    assertThat(fieldNames(report.get("organization_breakdown"))).isEqualTo(deleted.keySet());
    deleted.forEach(
        (org, count) ->
            assertThat(report.get("organization_breakdown").get(org).get("records").asLong())
                .as(org)
                .isEqualTo(count));
    assertThat(report.get("days_to_keep").asInt()).isEqualTo(DEFAULT_DAYS);
    assertThat(report.at("/retention_by_organization/org-a").asInt()).isEqualTo(180);
    assertThat(report.at("/retention_by_organization/org-b").asInt()).isEqualTo(30);
    assertThat(fieldNames(report.get("retention_by_organization")))
        .containsExactlyInAnyOrder("org-a", "org-b");
    assertThat(texts(report.get("legal_holds"))).containsExactlyInAnyOrder("org-c", "org-d");

    String policy =
        database
            .strings(
                "SELECT retention_policy FROM processed_generation_cleanup_log"
                    + " ORDER BY id DESC LIMIT 1")
            .get(0);
    assertThat(Arrays.asList(policy.split(";")))
        .as(policy)
        .containsExactlyInAnyOrder("default=60", "org-a=180", "org-b=30", "hold=org-c,org-d");
    assertThat(
            database.queryForLong(
                "SELECT days_retained FROM processed_generation_cleanup_log"
                    + " ORDER BY id DESC LIMIT 1"))
        .isEqualTo(DEFAULT_DAYS);
  }

  @Test
  void aDryRunShowsEachOrganizationsCutoffAndCountAndChangesNothing() throws Exception {
    arrangePolicyScenario();
    List<String> ids = database.ids();
    List<String> audit = database.auditRows();
    List<String> tables = database.tables();

    AppRun run =
        app(
            "cleanup",
            "--dry-run",
            "--json",
            "--retention-days",
            "60",
            "--tenant-retention",
            "org-a=180,org-b=30",
            "--legal-hold",
            "org-c,org-d");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("dry_run").asBoolean()).isTrue();
    assertThat(report.get("status").asText()).isEqualTo("dry_run");
    Instant startedAt = Instant.parse(report.get("started_at").asText());
    Map<String, Long> deleted = expectedDeletedPerOrganization();
    // Every organization that is not on hold has rows past its own cutoff.
    assertThat(deleted.keySet())
        .containsExactlyInAnyOrder("org-a", "org-b", "org-e", "o'rg", "org-b;--", "ORG-A");
    assertThat(fieldNames(report.get("organization_breakdown"))).isEqualTo(deleted.keySet());
    for (Map.Entry<String, Long> expected : deleted.entrySet()) {
      String org = expected.getKey();
      int days = OVERRIDES.getOrDefault(org, DEFAULT_DAYS);
      JsonNode totals = report.get("organization_breakdown").get(org);
      assertThat(totals.get("records").asLong()).as(org).isEqualTo(expected.getValue());
      assertThat(totals.get("retention_days").asInt()).as(org).isEqualTo(days);
      assertThat(totals.get("cutoff_date").asText())
          .as(org)
          .isEqualTo(
              LocalDate.ofInstant(startedAt.minusSeconds(days * DAY), ZoneOffset.UTC).toString());
    }
    assertThat(texts(report.get("legal_holds"))).containsExactlyInAnyOrder("org-c", "org-d");
    assertThat(database.ids()).isEqualTo(ids);
    assertThat(database.auditRows()).isEqualTo(audit);
    assertThat(database.tables()).isEqualTo(tables);
  }

  @Test
  void theHumanDryRunNamesTheOverridesTheHoldsAndEachOrganizationsCutoff() {
    arrangePolicyScenario();

    AppRun run =
        app(
            "cleanup",
            "--dry-run",
            "--retention-days",
            "60",
            "--tenant-retention",
            "org-a=180,org-b=30",
            "--legal-hold",
            "org-c,org-d");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String cutoffA = LocalDate.ofInstant(now.minusSeconds(180 * DAY), ZoneOffset.UTC).toString();
    String cutoffB = LocalDate.ofInstant(now.minusSeconds(30 * DAY), ZoneOffset.UTC).toString();
    assertThat(run.out())
        .contains("org-a=180, org-b=30")
        .contains("org-c, org-d")
        .containsPattern("org-a\\s+2\\s.*\\s180\\s+" + cutoffA)
        .containsPattern("org-b\\s+8\\s.*\\s30\\s+" + cutoffB);
  }

  private void arrangeOnlyOldRows() {
    database.insert("old-1", "org-a", aged(100), 0.1, 10);
    database.insert("old-2", "org-b", aged(200), 0.2, 20);
    database.insert("old-3", "org-b", aged(91), 0.3, 30);
  }

  @ParameterizedTest(name = "permitted by {0}")
  @ValueSource(strings = {"flag", "environment", "config file"})
  void theFullWipeGuardRefusesThenPermitsWhenTold(String how) throws Exception {
    arrangeOnlyOldRows();
    List<String> ids = database.ids();

    AppRun preview = app("cleanup", "--dry-run");
    AppRun refused = app("cleanup");

    assertThat(preview.exitCode()).as(preview.toString()).isZero();
    assertThat(preview.out()).contains("would refuse").contains("every row");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err())
        .contains("refused")
        .contains("every row")
        .contains("--allow-full-wipe")
        .contains("CLEANUP_ALLOW_FULL_WIPE");
    assertThat(database.ids()).isEqualTo(ids);
    assertThat(lastAuditRow())
        .containsEntry("success", "0")
        .containsEntry("status", "refused")
        .containsEntry("records_deleted", "0")
        .containsEntry("records_remaining", "3");
    assertThat(lastAuditRow().get("error_message")).contains("every row");
    assertThat(
            database.queryForLong(
                "SELECT COUNT(*) FROM processed_generation_cleanup_log"
                    + " WHERE cleanup_date >= date('now','-7 days') AND success = 0;"))
        .isEqualTo(1);

    Path permit = directory.resolve("permit.properties");
    Files.writeString(permit, "CLEANUP_ALLOW_FULL_WIPE=true\n");
    AppRun permitted =
        switch (how) {
          case "flag" -> app("cleanup", "--allow-full-wipe");
          case "environment" -> app(Map.of("CLEANUP_ALLOW_FULL_WIPE", "true"), "cleanup");
          default -> app("cleanup", "--config", permit.toString());
        };

    assertThat(permitted.exitCode()).as(permitted.toString()).isZero();
    assertThat(database.ids()).isEmpty();
    assertThat(lastAuditRow())
        .containsEntry("success", "1")
        .containsEntry("status", "succeeded")
        .containsEntry("records_deleted", "3")
        .containsEntry("records_remaining", "0");
  }

  @Test
  void theFullWipeGuardSeesTheResolvedPolicyNotJustTheDefault() {
    // Nothing is 90 days old, but the overrides expire every row.
    database.insert("a-10d", "org-a", aged(10), 0.1, 10);
    database.insert("b-10d", "org-b", aged(10), 0.1, 10);
    database.insert("b-3d", "org-b", aged(3), 0.1, 10);

    AppRun refused = app("cleanup", "--tenant-retention", "org-a=5,org-b=2");

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("every row");
    assertThat(database.ids()).containsExactly("a-10d", "b-10d", "b-3d");
  }

  /**
   * Issue 12 changed this: a held organization used to make a run that deletes every other row pass
   * as a partial delete. The guard now counts only the rows the policy can delete.
   */
  @Test
  void aHeldOrganizationDoesNotDefeatTheFullWipeGuard() {
    arrangeOnlyOldRows();
    database.insert("held-old", "org-c", aged(300), 0.1, 10);
    List<String> ids = database.ids();

    AppRun refused = app("cleanup", "--legal-hold", "org-c");

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("every row").contains("not on legal hold");
    assertThat(database.ids()).isEqualTo(ids);
    assertThat(lastAuditRow()).containsEntry("status", "refused");

    AppRun permitted = app("cleanup", "--legal-hold", "org-c", "--allow-full-wipe");

    assertThat(permitted.exitCode()).as(permitted.toString()).isZero();
    assertThat(database.ids()).containsExactly("held-old");
  }

  @Test
  void theMaxDeleteFractionRefusesOverTheLimitAndPermitsAtIt() throws Exception {
    for (int i = 0; i < 4; i++) {
      database.insert("old-" + i, "org-a", aged(100 + i), 0.1, 10);
    }
    for (int i = 0; i < 6; i++) {
      database.insert("new-" + i, "org-b", aged(1 + i), 0.1, 10);
    }
    List<String> ids = database.ids();

    AppRun byEnvironment = app(Map.of("CLEANUP_MAX_DELETE_FRACTION", "0.3"), "cleanup");
    AppRun byFlag = app("cleanup", "--max-delete-fraction", "0.39");

    for (AppRun refused : List.of(byEnvironment, byFlag)) {
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err())
          .as(refused.toString())
          .contains("refused")
          .contains("4 of 10")
          .contains("CLEANUP_MAX_DELETE_FRACTION");
    }
    assertThat(database.ids()).isEqualTo(ids);
    assertThat(lastAuditRow()).containsEntry("success", "0").containsEntry("status", "refused");
    assertThat(database.queryForLong("SELECT count(*) FROM processed_generation_cleanup_log"))
        .isEqualTo(2 + 2);

    AppRun atTheLimit = app(Map.of("CLEANUP_MAX_DELETE_FRACTION", "0.4"), "cleanup", "--json");

    assertThat(atTheLimit.exitCode()).as(atTheLimit.toString()).isZero();
    assertThat(JSON.readTree(atTheLimit.out()).get("records_deleted").asLong()).isEqualTo(4);
    assertThat(database.ids()).hasSize(6).allMatch(id -> id.startsWith("new-"));
  }

  @Test
  void epochMillisecondsAreRefusedSayingSoEvenWithTheWipeAllowed() {
    database.insert("seconds-old", "org-a", aged(200), 0.1, 10);
    database.execute(
        "INSERT INTO processed_generations VALUES ('millis-1', 'org-b', '2026-01-01', "
            + now.toEpochMilli()
            + ", 0.1, 10)");
    List<String> ids = database.ids();

    AppRun run = app("cleanup", "--allow-full-wipe");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("milliseconds").contains("epoch seconds");
    assertThat(database.ids()).isEqualTo(ids);
    assertThat(lastAuditRow()).containsEntry("success", "0").containsEntry("status", "refused");
  }

  static Stream<Arguments> malformedPolicies() {
    String tooLong = "o".repeat(129);
    return Stream.of(
        flag("override without days", "--tenant-retention", "org-a=", "org-a="),
        flag("override without organization", "--tenant-retention", "=5", "=5"),
        flag("override of zero days", "--tenant-retention", "org-a=0", "between 1 and"),
        flag("override of negative days", "--tenant-retention", "org-a=-3", "between 1 and"),
        flag("override over 100 years", "--tenant-retention", "org-a=36501", "between 1 and"),
        flag("override not a number", "--tenant-retention", "org-a=x", "'x'"),
        flag("override without '='", "--tenant-retention", "org-a", "organization=days"),
        flag("override with trailing comma", "--tenant-retention", "org-a=30,", "organization="),
        flag("override with ';'", "--tenant-retention", "org-a=30;org-b=5", "30;org-b=5"),
        flag("same organization twice", "--tenant-retention", "org-a=30,org-a=60", "twice"),
        flag("unsafe quote", "--tenant-retention", "o'rg=30", "safe set"),
        flag("unsafe SQL comment", "--tenant-retention", "org-x;--=30", "org-x;--"),
        flag("unsafe space", "--tenant-retention", "org a=30", "safe set"),
        flag("over-long id", "--tenant-retention", tooLong + "=30", "longer than 128"),
        flag("empty override flag", "--tenant-retention", "", "--tenant-retention"),
        flag("hold listed twice", "--legal-hold", "org-c,org-c", "twice"),
        flag("empty hold entry", "--legal-hold", "org-c,,org-d", "empty organization id"),
        flag("trailing hold comma", "--legal-hold", "org-c,", "empty organization id"),
        flag("unsafe hold", "--legal-hold", "org'c", "safe set"),
        flag("over-long hold", "--legal-hold", tooLong, "longer than 128"),
        flag("fraction over 1", "--max-delete-fraction", "1.5", "--max-delete-fraction"),
        flag("negative fraction", "--max-delete-fraction", "-0.1", "--max-delete-fraction"),
        flag("fraction not a number", "--max-delete-fraction", "half", "'half'"),
        flag("fraction NaN", "--max-delete-fraction", "NaN", "--max-delete-fraction"),
        env("env override without days", "CLEANUP_TENANT_RETENTION_DAYS", "org-a=", "org-a="),
        env("env override without org", "CLEANUP_TENANT_RETENTION_DAYS", "=5", "=5"),
        env("env zero days", "CLEANUP_TENANT_RETENTION_DAYS", "org-a=0", "between 1 and"),
        env("env not a number", "CLEANUP_TENANT_RETENTION_DAYS", "org-a=x", "'x'"),
        env("env twice", "CLEANUP_TENANT_RETENTION_DAYS", "org-a=30, org-a=30", "twice"),
        env("env unsafe id", "CLEANUP_TENANT_RETENTION_DAYS", "org\"a=30", "safe set"),
        env("env over-long id", "CLEANUP_TENANT_RETENTION_DAYS", tooLong + "=30", "longer"),
        env("env hold twice", "CLEANUP_LEGAL_HOLD", "org-c, org-c", "twice"),
        env("env empty hold entry", "CLEANUP_LEGAL_HOLD", "org-c,,org-d", "empty"),
        env("env only commas", "CLEANUP_LEGAL_HOLD", ",", "empty organization id"),
        env("env fraction", "CLEANUP_MAX_DELETE_FRACTION", "2", "CLEANUP_MAX_DELETE_FRACTION"),
        Arguments.of(
            "held and overridden by flags",
            Map.of(),
            List.of("--tenant-retention", "org-a=30", "--legal-hold", "org-a"),
            List.of("org-a", "both on legal hold")),
        Arguments.of(
            "held and overridden by environment",
            Map.of("CLEANUP_TENANT_RETENTION_DAYS", "org-b=7", "CLEANUP_LEGAL_HOLD", "org-c,org-b"),
            List.of(),
            List.of("org-b", "both on legal hold")),
        Arguments.of(
            "held by flag, overridden by environment",
            Map.of("CLEANUP_TENANT_RETENTION_DAYS", "org-a=30"),
            List.of("--legal-hold", "org-a"),
            List.of("org-a", "both on legal hold")));
  }

  private static Arguments flag(String name, String flag, String value, String named) {
    return Arguments.of(name, Map.of(), List.of(flag, value), List.of(flag, named));
  }

  private static Arguments env(String name, String variable, String value, String named) {
    return Arguments.of(name, Map.of(variable, value), List.of(), List.of(variable, named));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedPolicies")
  void malformedPoliciesExitTwoAndLeaveTheDatabaseByteForByte(
      String name, Map<String, String> environment, List<String> settings, List<String> named)
      throws Exception {
    arrangePolicyScenario();
    String before = fingerprint(database.file);

    for (List<String> command : List.of(List.of("cleanup"), List.of("cleanup", "--dry-run"))) {
      List<String> args = new ArrayList<>(command);
      args.addAll(settings);

      AppRun run = app(environment, args.toArray(String[]::new));

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      named.forEach(text -> assertThat(run.err()).as(run.toString()).contains(text));
      assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
      assertThat(fingerprint(database.file)).as("database untouched").isEqualTo(before);
    }
  }

  /** {@code processed_generations} as mAI has it, under another name, possibly misshapen. */
  private static String generationsTable(String name, String... columns) {
    return "CREATE TABLE " + name + " (" + String.join(", ", columns) + ")";
  }

  private static final String[] GOOD_COLUMNS = {
    "id TEXT PRIMARY KEY",
    "client_org_id TEXT NOT NULL",
    "generation_date DATE NOT NULL",
    "processed_at BIGINT NOT NULL",
    "total_cost FLOAT NOT NULL",
    "total_tokens INTEGER NOT NULL"
  };

  private static String[] columnsWith(String name, String replacement) {
    List<String> columns = new ArrayList<>();
    for (String column : GOOD_COLUMNS) {
      if (!column.startsWith(name + " ")) {
        columns.add(column);
      } else if (replacement != null) {
        columns.add(replacement);
      }
    }
    return columns.toArray(String[]::new);
  }

  static Stream<Arguments> badTables() {
    return Stream.of(
        Arguments.of(
            "missing table",
            null,
            "generations_archive",
            List.of("generations_archive", "does not exist")),
        Arguments.of(
            "no total_cost column",
            generationsTable("gen_no_cost", columnsWith("total_cost", null)),
            "gen_no_cost",
            List.of("gen_no_cost", "total_cost")),
        Arguments.of(
            "no client_org_id column",
            generationsTable("gen_no_org", columnsWith("client_org_id", null)),
            "gen_no_org",
            List.of("gen_no_org", "client_org_id")),
        Arguments.of(
            "processed_at as text",
            generationsTable("gen_text_clock", columnsWith("processed_at", "processed_at TEXT")),
            "gen_text_clock",
            List.of("gen_text_clock.processed_at", "TEXT", "integer")),
        Arguments.of(
            "total_tokens as text",
            generationsTable("gen_text_tokens", columnsWith("total_tokens", "total_tokens TEXT")),
            "gen_text_tokens",
            List.of("gen_text_tokens.total_tokens", "TEXT")),
        Arguments.of(
            "a view, not a table",
            "CREATE VIEW generations_view AS SELECT * FROM processed_generations",
            "generations_view",
            List.of("generations_view", "is a view, not a plain table")),
        Arguments.of(
            "hyphen", null, "processed-generations", List.of("'processed-generations'", "table")),
        Arguments.of(
            "schema-qualified",
            null,
            "main.processed_generations",
            List.of("'main.processed_generations'")),
        Arguments.of("quoted", null, "\"processed_generations\"", List.of("not a plain table")),
        Arguments.of("leading digit", null, "1generations", List.of("'1generations'")),
        Arguments.of("64 characters", null, "g".repeat(64), List.of("at most 63")),
        Arguments.of(
            "injection", null, "processed_generations;--", List.of("processed_generations;--")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTables")
  void aBadTargetTableExitsTwoNamingItAndTouchesNothing(
      String name, String ddl, String table, List<String> named) throws Exception {
    arrangePolicyScenario();
    if (ddl != null) {
      database.execute(ddl);
    }
    String before = fingerprint(database.file);

    for (boolean byFlag : new boolean[] {false, true}) {
      for (List<String> command :
          List.of(List.of("cleanup"), List.of("cleanup", "--dry-run"), List.of("migrate"))) {
        List<String> args = new ArrayList<>(command);
        Map<String, String> environment = new HashMap<>();
        if (byFlag) {
          args.add("--table");
          args.add(table);
        } else {
          environment.put("RETENTION_TABLE", table);
        }

        AppRun run = app(environment, args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        named.forEach(text -> assertThat(run.err()).as(run.toString()).contains(text));
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(fingerprint(database.file)).as("database untouched").isEqualTo(before);
      }
    }
  }

  @ParameterizedTest(name = "named by {0}")
  @ValueSource(strings = {"flag", "environment"})
  void aTableWithAnotherNameButTheRightShapeIsCleaned(String how) throws Exception {
    arrangeOnlyOldRows();
    database.execute(generationsTable("generations_v2", GOOD_COLUMNS));
    long old = aged(100).getEpochSecond();
    long fresh = aged(1).getEpochSecond();
    database.execute(
        "INSERT INTO generations_v2 VALUES ('v2-old', 'org-a', '2026-01-01', "
            + old
            + ", 0.25, 100)",
        "INSERT INTO generations_v2 VALUES ('v2-new', 'org-a', '2026-01-01', "
            + fresh
            + ", 0.5, 200)");
    List<String> untouched = database.ids();

    AppRun run =
        how.equals("flag")
            ? app("cleanup", "--json", "--table", "generations_v2")
            : app(Map.of("RETENTION_TABLE", "generations_v2"), "cleanup", "--json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("records_before").asLong()).isEqualTo(2);
    assertThat(report.get("records_deleted").asLong()).isEqualTo(1);
    assertThat(report.get("old_tokens_removed").asLong()).isEqualTo(100);
    assertThat(database.strings("SELECT id FROM generations_v2 ORDER BY id"))
        .containsExactly("v2-new");
    assertThat(database.ids()).as("the default table is not touched").isEqualTo(untouched);
    assertThat(lastAuditRow()).containsEntry("success", "1").containsEntry("records_deleted", "1");
  }

  /** The newest audit row, column name to text. */
  private Map<String, String> lastAuditRow() {
    List<String> columns =
        List.of(
            "success",
            "status",
            "records_before",
            "records_deleted",
            "records_remaining",
            "error_message",
            "retention_policy");
    String select =
        "SELECT "
            + String.join(
                " || '\u001f' || ", columns.stream().map(c -> "coalesce(" + c + ", '')").toList())
            + " FROM processed_generation_cleanup_log ORDER BY id DESC LIMIT 1";
    String[] values = database.strings(select).get(0).split("\u001f", -1);
    Map<String, String> row = new TreeMap<>();
    for (int i = 0; i < columns.size(); i++) {
      row.put(columns.get(i), values[i]);
    }
    return row;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static String fingerprint(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(Files.readAllBytes(file));
    for (String suffix : List.of("-wal", "-shm", "-journal")) {
      Path companion = Path.of(file + suffix);
      if (Files.exists(companion)) {
        digest.update(suffix.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update(Files.readAllBytes(companion));
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
