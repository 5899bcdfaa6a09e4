package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.app.cli.ShutdownSignal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules and the dashboard in {@code deploy/} against a real daemon: every metric they
 * name is one a running daemon exports on /metrics, and the files have the shape Prometheus and
 * Grafana read. Where promtool is installed, it checks the rules and runs their unit tests too.
 */
class MonitoringFilesTest {

  static final Path DEPLOY = Path.of("../deploy");
  static final Path ALERTS = DEPLOY.resolve("prometheus/alerts.yml");
  static final Path ALERT_TESTS = DEPLOY.resolve("prometheus/alerts.test.yml");
  static final Path PROMETHEUS = DEPLOY.resolve("prometheus/prometheus.yml");
  static final Path DASHBOARD = DEPLOY.resolve("grafana/mai-retention-dashboard.json");

  /** Series Prometheus makes itself for every target; a daemon cannot export them. */
  static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path directory;

  // ---- metric names in PromQL ----------------------------------------------------------------

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "inf", "nan", "group_left", "group_right");

  /**
   * The metric names a PromQL expression selects: what is left once strings, label matchers,
   * ranges, offsets, grouping clauses, Grafana variables, numbers, functions and keywords are gone.
   */
  static Set<String> metricNames(String promql) {
    String text = promql;
    text = text.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ");
    text = text.replaceAll("'(?:[^'\\\\]|\\\\.)*'", " ");
    text = text.replaceAll("\\{[^}]*}", " ");
    text = text.replaceAll("\\[[^]]*]", " ");
    text =
        text.replaceAll(
            "(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    text = text.replaceAll("(?i)\\boffset\\s+-?\\w+", " ");
    text = text.replaceAll("\\$\\{?\\w+}?", " ");
    text = text.replaceAll("(?<![\\w:])\\d+(\\.\\d+)?([eE][+-]?\\d+)?", " ");
    Set<String> names = new TreeSet<>();
    Matcher matcher = IDENTIFIER.matcher(text);
    while (matcher.find()) {
      if (!KEYWORDS.contains(matcher.group().toLowerCase(java.util.Locale.ROOT))) {
        names.add(matcher.group());
      }
    }
    return names;
  }

  @Test
  void theExtractorFindsTheMetricsAndNothingElse() {
    assertThat(
            metricNames(
                "(time() - max without (instance) (retention_last_success_timestamp_seconds)"
                    + " > 26 * 3600) unless (max without (instance, outcome)"
                    + " (increase(retention_runs_total{outcome=\"dry_run\"}[26h])) > 0)"))
        .containsExactly("retention_last_success_timestamp_seconds", "retention_runs_total");
    assertThat(
            metricNames(
                "retention_table_bytes > 1.2 * (retention_table_bytes offset 7d) unless"
                    + " retention_table_reusable_bytes >= 0 and sum by (job, client)"
                    + " (rate(x_total{a=~\"$job\"}[$__rate_interval])) > 1e6"))
        .containsExactly("retention_table_bytes", "retention_table_reusable_bytes", "x_total");
  }

  // ---- what the files name ------------------------------------------------------------------

  private static JsonNode alerts() throws IOException {
    return YAML.readTree(ALERTS.toFile());
  }

  private static JsonNode dashboard() throws IOException {
    return JSON.readTree(DASHBOARD.toFile());
  }

  private static List<String> ruleExpressions(JsonNode alerts) {
    List<String> expressions = new ArrayList<>();
    alerts
        .get("groups")
        .forEach(
            group ->
                group.get("rules").forEach(rule -> expressions.add(rule.get("expr").asText())));
    return expressions;
  }

  private static List<String> dashboardExpressions(JsonNode dashboard) {
    List<String> expressions = new ArrayList<>();
    dashboard
        .get("panels")
        .forEach(
            panel ->
                panel
                    .get("targets")
                    .forEach(target -> expressions.add(target.get("expr").asText())));
    return expressions;
  }

  /** {@code label_values(metric{...}, label)}: the metric, not the label. */
  private static Set<String> templatingMetrics(JsonNode dashboard) {
    Set<String> names = new TreeSet<>();
    Pattern labelValues = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    for (JsonNode variable : dashboard.at("/templating/list")) {
      JsonNode query = variable.get("query");
      String text =
          query == null ? "" : query.isObject() ? query.path("query").asText() : query.asText();
      Matcher matcher = labelValues.matcher(text);
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }

  // ---- the files' shapes --------------------------------------------------------------------

  @Test
  void theRulesHaveTheShapePrometheusReadsAndCoverTheIssuesFourCases() throws IOException {
    JsonNode alerts = alerts();
    Set<String> names = new HashSet<>();
    Pattern duration = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");
    Set<String> ruleKeys =
        Set.of("alert", "expr", "for", "keep_firing_for", "labels", "annotations");
    assertThat(fieldNames(alerts)).containsExactly("groups");
    for (JsonNode group : alerts.get("groups")) {
      assertThat(fieldNames(group)).containsExactlyInAnyOrder("name", "rules");
      assertThat(group.get("name").asText()).isNotBlank();
      assertThat(group.get("rules").isArray()).isTrue();
      for (JsonNode rule : group.get("rules")) {
        String alert = rule.path("alert").asText();
        assertThat(alert).as("alert name").matches("[A-Z][A-Za-z0-9]+");
        assertThat(names.add(alert)).as("unique alert name " + alert).isTrue();
        assertThat(ruleKeys).as(alert).containsAll(fieldNames(rule));
        assertThat(rule.path("expr").asText()).as(alert).isNotBlank();
        if (rule.has("for")) {
          assertThat(rule.get("for").asText()).as(alert).matches(duration);
        }
        assertThat(rule.at("/labels/severity").asText()).as(alert).isIn("critical", "warning");
        assertThat(rule.at("/annotations/summary").asText()).as(alert).isNotBlank();
        assertThat(rule.at("/annotations/description").asText()).as(alert).isNotBlank();
      }
    }
    assertThat(names)
        .contains(
            "RetentionNoSuccessfulCleanup",
            "RetentionRunFailed",
            "RetentionRunSlow",
            "RetentionTableGrowing");
    String noSuccess =
        ruleExpressions(alerts).stream()
            .filter(
                e -> e.contains("retention_last_success_timestamp_seconds") && e.contains("time()"))
            .findFirst()
            .orElseThrow();
    assertThat(noSuccess).contains("26 * 3600");

    JsonNode prometheus = YAML.readTree(PROMETHEUS.toFile());
    assertThat(prometheus.get("rule_files").toString()).contains("alerts.yml");
    assertThat(prometheus.at("/scrape_configs/0/job_name").asText()).matches("mai-retention.*");
    assertThat(ruleExpressions(alerts)).anyMatch(e -> e.contains("up{job=~\"mai-retention.*\"}"));
    assertThat(YAML.readTree(ALERT_TESTS.toFile()).get("rule_files").toString())
        .contains("alerts.yml");
  }

  @Test
  void theDashboardHasTheShapeGrafanaImportsAndShowsWhatTheIssueAsks() throws IOException {
    JsonNode dashboard = dashboard();
    assertThat(dashboard.get("title").asText()).isNotBlank();
    assertThat(dashboard.get("uid").asText()).matches("[a-z0-9-]{1,40}");
    Set<String> variables = new HashSet<>();
    dashboard
        .at("/templating/list")
        .forEach(variable -> variables.add(variable.get("name").asText()));
    Set<Integer> ids = new HashSet<>();
    List<String> titles = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(ids.add(panel.get("id").asInt())).as("unique panel id").isTrue();
      titles.add(panel.get("title").asText());
      assertThat(panel.get("type").asText()).isIn("timeseries", "table", "stat");
      JsonNode grid = panel.get("gridPos");
      assertThat(grid.get("x").asInt() + grid.get("w").asInt()).isLessThanOrEqualTo(24);
      assertThat(panel.get("targets").size()).isPositive();
      Set<String> refIds = new HashSet<>();
      for (JsonNode target : panel.get("targets")) {
        assertThat(refIds.add(target.get("refId").asText())).isTrue();
        String expr = target.get("expr").asText();
        assertThat(expr).isNotBlank();
        Matcher used = Pattern.compile("\\$(\\w+)").matcher(expr);
        while (used.find()) {
          assertThat(variables).as("variable of " + expr).contains(used.group(1));
        }
      }
    }
    assertThat(String.join("\n", titles).toLowerCase(java.util.Locale.ROOT))
        .contains("per night")
        .contains("per organization")
        .contains("duration")
        .contains("table size")
        .contains("last successful cleanup");
  }

  // ---- against a running daemon -------------------------------------------------------------

  @Test
  void everyMetricTheRulesAndTheDashboardNameIsOneARunningDaemonExports() throws Exception {
    Set<String> referenced = new TreeSet<>();
    ruleExpressions(alerts()).forEach(expr -> referenced.addAll(metricNames(expr)));
    JsonNode dashboard = dashboard();
    dashboardExpressions(dashboard).forEach(expr -> referenced.addAll(metricNames(expr)));
    referenced.addAll(templatingMetrics(dashboard));
    assertThat(referenced)
        .as("the extraction found the names it must")
        .contains(
            "retention_last_success_timestamp_seconds",
            "retention_rows_deleted_total",
            "retention_runs_total",
            "retention_table_bytes",
            "retention_last_run_duration_seconds");

    Set<String> exported = exportedByARunningDaemon();

    Set<String> unknown = new TreeSet<>(referenced);
    unknown.removeAll(exported);
    unknown.removeAll(MADE_BY_PROMETHEUS);
    assertThat(unknown)
        .as("named in deploy/ but not exported; the daemon exports " + exported)
        .isEmpty();
  }

  /** Sample names on /metrics once a scheduled run has deleted rows and measured the table. */
  private Set<String> exportedByARunningDaemon() throws Exception {
    LegacySqliteDatabase database =
        LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
    database.insert("old-a", "org-a", Instant.now().minusSeconds(200 * 86_400L), 0.5, 10);
    database.insert("old-b", "org-b", Instant.now().minusSeconds(150 * 86_400L), 0.5, 10);
    database.insert("new", "org-a", Instant.now(), 0.5, 10);
    int port = freePort();
    ShutdownSignal shutdown = new ShutdownSignal();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> daemon =
        CompletableFuture.supplyAsync(
            () ->
                RetentionApp.execute(
                    new String[] {
                      "run", "--cron", "*/1 * * * * ?", "--http-port", String.valueOf(port)
                    },
                    Map.of("RETENTION_DB_URL", database.url()),
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    shutdown));
    try {
      String metrics = null;
      Instant deadline = Instant.now().plusSeconds(30);
      while (Instant.now().isBefore(deadline) && !daemon.isDone()) {
        Optional<String> scraped = scrape(port);
        if (scraped.isPresent()
            && scraped.get().contains("retention_rows_deleted_total{organization=\"org-b\"}")
            && scraped
                .get()
                .lines()
                .anyMatch(
                    line -> line.startsWith("retention_table_bytes ") && !line.endsWith("NaN"))) {
          metrics = scraped.get();
          break;
        }
        Thread.sleep(200);
      }
      assertThat(metrics).as("a scheduled run's metrics:\n" + out + "\n" + err).isNotNull();
      Set<String> names = new TreeSet<>();
      metrics
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.split("[{ ]", 2)[0])
          .forEach(names::add);
      return names;
    } finally {
      shutdown.raise();
      assertThat(daemon.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
    }
  }

  private static Optional<String> scrape(int port) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException notYet) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  // ---- promtool, where installed ------------------------------------------------------------

  @Test
  void promtoolAcceptsTheRulesTheirTestsAndTheScrapeConfigWhereItIsInstalled() throws Exception {
    // The checks above run everywhere; promtool (Prometheus's own parser and rule engine) is not
    // part of the build, so it adds its verdict only where it is on the PATH.
    Optional<Path> promtool = onPath("promtool");
    for (List<String> check :
        List.of(
            List.of("check", "rules", "alerts.yml"),
            List.of("test", "rules", "alerts.test.yml"),
            List.of("check", "config", "prometheus.yml"))) {
      if (promtool.isEmpty()) {
        continue;
      }
      List<String> command = new ArrayList<>(List.of(promtool.get().toString()));
      command.addAll(check);
      Process process =
          new ProcessBuilder(command)
              .directory(DEPLOY.resolve("prometheus").toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(String.join(" ", check) + ":\n" + output).isZero();
    }
    assertThat(Files.isRegularFile(ALERTS)).isTrue();
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(java.io.File.pathSeparator))
        .map(folder -> Path.of(folder, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> fields = node.fieldNames();
    fields.forEachRemaining(names::add);
    return names;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
